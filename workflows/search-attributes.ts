import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';

export const STAGE_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.stage.name,
  SearchAttributeType.KEYWORD,
);
export const COUNTY_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.county.name,
  SearchAttributeType.KEYWORD,
);
export const KIND_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.kind.name,
  SearchAttributeType.KEYWORD,
);
