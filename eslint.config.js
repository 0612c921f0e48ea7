// ESLint: typescript-eslint with type information, React hooks rules; generated output ignored.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { LAYERS, TEST_FILES, foldersAbove } from './scripts/layers.mjs';

// The import direction (scripts/layers.mjs): a folder of src/ never imports one of a higher layer.
const layerRules = LAYERS.flatMap((layer) =>
  layer.folders
    .filter((folder) => foldersAbove(folder).length > 0)
    .map((folder) => ({
      files: [`src/${folder}/**/*.ts`, `src/${folder}/**/*.tsx`],
      ignores: TEST_FILES,
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: foldersAbove(folder).flatMap((above) => [`**/${above}`, `**/${above}/**`]),
                message: `src/${folder} is in the ${layer.name} layer: it must not import a higher layer (docs/architecture.md "Layers"; scripts/layers.mjs).`,
              },
            ],
          },
        ],
      },
    })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.test-results/**', 'public/**', 'tmp/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['scripts/*.mjs', 'bin/*.mjs', 'eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...layerRules,
  {
    // Workers are built only in their homes (src/homes/): the store calls a home's client, a view calls the store.
    files: ['src/store/**/*.ts', 'src/ui/**/*.ts', 'src/ui/**/*.tsx', 'src/main.tsx', 'src/run/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Worker']", message: 'Build workers in src/homes/ (beside the worker entry) and call its client from the store.' }],
    },
  },
  {
    files: ['**/*.mjs', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
