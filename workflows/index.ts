// The workflows the worker registers.
export { termWorkflow } from './term.js';
export { evaluationRoundWorkflow } from './evaluation-round.js';
export { policyRolloutWorkflow } from './policy-rollout.js';
