/**
 * What /version reports. The minor must be "32": the kubectl on our reference
 * machines is a dispatcher that picks its client version from it.
 */
export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4+kubelab',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: `${process.platform === 'win32' ? 'windows' : process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`
}
