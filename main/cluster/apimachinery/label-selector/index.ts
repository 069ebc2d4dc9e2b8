/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses, prints and
 * matches them: `app=web,tier in (fe,be),!canary`. The grammar, the
 * canonical String() form and every error message follow labels/selector.go,
 * because kubectl shows those messages to the user verbatim.
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ <set-based> | <exact-match> | <numeric> ]
 *   <set-based>   ::= ("in" | "notin") "(" VALUE { "," VALUE } ")"
 *   <exact-match> ::= ("=" | "==" | "!=") VALUE
 *   <numeric>     ::= (">" | "<") INTEGER
 *
 * - lexer.ts: tokens
 * - parser.ts: the string form (labels.Parse)
 * - requirement.ts: one term, its validation and canonical text
 * - selector.ts: the AND of requirements; selectors from label sets
 * - from-object.ts: metav1.LabelSelector to Selector, and its printed form
 * - validation.ts: field errors of an API object's LabelSelector
 */

export { type Token, type TokenKind, tokenizeLabelSelector } from './lexer'
export { parseLabelSelector } from './parser'
export { type Operator, Requirement, newRequirement } from './requirement'
export { Selector, selectorFromSet, validatedSelectorFromSet } from './selector'
export { formatLabelSelector, labelSelectorFromObject } from './from-object'
export { type LabelSelectorValidationOptions, validateLabelSelector, validateLabelSelectorRequirement } from './validation'
