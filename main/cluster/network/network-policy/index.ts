export type { DirectionVerdict, PolicyConnection, PolicyEndpoint, PolicyRuleRef, PolicySource, PolicyVerdict } from './types'
export { evaluateConnection, evaluateDirection, policyTypesOf, selectingPolicies } from './evaluate'
export { peerMatches, portsMatch } from './peers'
export { informerPolicySource, listPolicySource } from './policy-source'
