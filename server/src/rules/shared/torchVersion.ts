import { compareVersions, provablyAtMost, type ProjectFacts } from '../../analysis/project';

/** Every torch the project allows is older than 2.6 (`<2.6`, `<=2.5.1`, `==2.4.0`): CVE-2025-32434. */
export function provablyBelow26(project: ProjectFacts): boolean {
  const f = project.packages.get('torch');
  return provablyAtMost(project, 'torch', '2.5.1') || (!!f?.max && compareVersions(f.max, '2.6') < 0) || (!!f?.below && compareVersions(f.below, '2.6') <= 0);
}

/** What the project says of torch, for messages: `torch 2.5.1 (uv.lock)`, `torch >=2.6,<3 (requirements.txt)`. */
export function torchConstraint(project: ProjectFacts): string {
  return versionConstraint(project, 'torch');
}

/** What the project says of a package, for messages (`timm 1.0.8 (uv.lock)`), or `the project`. */
export function versionConstraint(project: ProjectFacts, pkg: string): string {
  const f = project.packages.get(pkg);
  if (!f) return 'the project';
  const range = f.min && f.min === f.max ? f.min : [f.min && `>=${f.min}`, f.max && `<=${f.max}`, f.below && `<${f.below}`].filter(Boolean).join(',');
  return `${pkg} ${range || '(any version)'} (${f.source})`;
}

/** Every version of `pkg` the project allows is older than `version` (`<1.0.9`, `==1.0.8`). */
export function provablyBelow(project: ProjectFacts, pkg: string, version: string): boolean {
  const f = project.packages.get(pkg);
  return (!!f?.max && compareVersions(f.max, version) < 0) || (!!f?.below && compareVersions(f.below, version) <= 0);
}
