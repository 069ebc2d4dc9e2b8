import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1'
import { forbidden } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { CreateAdmission } from '../types'
import { RequestError, parseCertificateRequest } from '../validation/certificate-request'

const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client'

/**
 * The CertificateSubjectRestriction admission plugin: nobody may ask the
 * kube-apiserver-client signer for a certificate in system:masters (the
 * group no RBAC rule can take back). A request that does not parse is left
 * to validation, which reports it.
 */
export class CertificateSubjectRestrictionAdmission implements CreateAdmission {
  admitCreate(obj: KubeObject): void {
    const csr = obj as CertificateSigningRequest & KubeObject
    if (csr.spec?.signerName !== KUBE_APISERVER_CLIENT) return
    let organizations: string[]
    try {
      organizations = parseCertificateRequest(Buffer.from(csr.spec.request ?? '', 'base64').toString('latin1')).organizations
    } catch (e) {
      if (e instanceof RequestError) return
      throw e
    }
    if (organizations.includes('system:masters')) {
      throw forbidden({ group: 'certificates.k8s.io', resource: 'certificatesigningrequests' }, csr.metadata?.name ?? '', `use of ${KUBE_APISERVER_CLIENT} signer with system:masters group is not allowed`)
    }
  }
}
