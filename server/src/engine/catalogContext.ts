import * as path from 'path';

import { type LoadedCatalog, repositoryRoot } from '../catalog/fileCatalog';
import type { ProjectConfig } from '../config/projectConfig';
import type { CatalogContext } from '../rules/shared/saves/catalogView';

/**
 * What the save rules need of the catalog for one file: the catalog that governs it, or, when
 * there is none, where "Create the catalog" puts one: the editor's workspace folder, else the
 * project (the folder of the governing pyproject.toml), else the repository root, else the
 * file's folder.
 */
export function catalogContextFor(filePath: string, config: ProjectConfig, catalog: LoadedCatalog | undefined, trusted: boolean, workspaceFolder?: string): CatalogContext {
  const dir = path.dirname(path.resolve(filePath));
  const root = catalog?.base ?? workspaceFolder ?? (config.file ? config.root : (repositoryRoot(dir) ?? dir));
  const file = path.relative(root, path.resolve(filePath)).split(path.sep).join('/');
  return { root, file, now: new Date(), catalog, trusted };
}
