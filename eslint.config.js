// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

/** Time must come from the cluster clock (main/cluster/clock) so the cluster can run fast, paused or instantly. */
const timeRestrictions = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Take time from the cluster clock (clock.now()).' },
    { object: 'globalThis', property: 'setTimeout', message: 'Schedule with the cluster clock.' },
    { object: 'globalThis', property: 'setInterval', message: 'Schedule with the cluster clock.' }
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Schedule with the cluster clock (clock.setTimeout).' },
    { name: 'setInterval', message: 'Schedule with the cluster clock (clock.setInterval).' }
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take time from the cluster clock (clock.date()).' }
  ],
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'electron', message: 'main/cluster runs under plain Node: no electron here.' }] }
  ]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off'
    }
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['main/cluster/**/*.ts'],
    ignores: ['main/cluster/clock/**'],
    rules: timeRestrictions
  }
)
