import { describe, expect, it } from 'vitest'
import { splitSchemeNamePort } from '../../../../main/cluster/apiserver/handlers/proxy-location'

/** The id of pods/<id>/proxy and services/<id>/proxy, as utilnet.SplitSchemeNamePort reads it. */
describe('splitSchemeNamePort', () => {
  it.each([
    ['web', { scheme: '', name: 'web', port: '' }],
    ['web:8080', { scheme: '', name: 'web', port: '8080' }],
    ['web:http', { scheme: '', name: 'web', port: 'http' }],
    ['https:web:443', { scheme: 'https', name: 'web', port: '443' }],
    ['http:web:', { scheme: 'http', name: 'web', port: '' }],
    ['web:', { scheme: '', name: 'web', port: '' }]
  ])('%s', (id, parts) => {
    expect(splitSchemeNamePort(id)).toEqual(parts)
  })

  it.each(['', ':8080', 'ftp:web:21', 'a:b:c:d'])('rejects %j', (id) => {
    expect(splitSchemeNamePort(id)).toBeUndefined()
  })
})
