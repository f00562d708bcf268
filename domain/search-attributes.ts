// Custom search attributes registered on the Temporal namespace. Visibility
// lists terms by these, so the Temporal UI can filter by stage and county.
export const SEARCH_ATTRIBUTES = {
  stage: { name: 'ZhucunStage', type: 'Keyword' },
  county: { name: 'ZhucunCounty', type: 'Keyword' },
  kind: { name: 'ZhucunKind', type: 'Keyword' },
} as const;
