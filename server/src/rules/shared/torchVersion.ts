import { compareVersions, provablyAtMost, type ProjectFacts } from '../../analysis/project';

/** Every torch the project allows is older than 2.6 (`<2.6`, `<=2.5.1`, `==2.4.0`): CVE-2025-32434. */
export function provablyBelow26(project: ProjectFacts): boolean {
  const f = project.packages.get('torch');
  return provablyAtMost(project, 'torch', '2.5.1') || (!!f?.max && compareVersions(f.max, '2.6') < 0) || (!!f?.below && compareVersions(f.below, '2.6') <= 0);
}
