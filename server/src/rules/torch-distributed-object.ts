import { defineRule } from './defineRule';

/** The object collectives of `torch.distributed`: each unpickles what the other ranks send. */
export const torchDistributedObject = defineRule({
  code: 'MLH114',
  name: 'torch-distributed-object',
  family: 'deserialization',
  cwe: 502,
  defaultSeverity: 'warning',
  title: 'torch.distributed object collectives unpickle what other ranks send',
  nosec: [],
  noqa: [],
  calls: [
    'torch.distributed.broadcast_object_list',
    'torch.distributed.all_gather_object',
    'torch.distributed.gather_object',
    'torch.distributed.scatter_object_list',
    'torch.distributed.recv_object_list',
  ],
  check: (site) => ({
    message: `\`${site.callee.text}\` unpickles the objects other ranks send, so any process that can join the group runs code in this one (CWE-502). Exchange tensors (\`broadcast\`, \`all_gather\`) or plain bytes you decode yourself, and keep the group on a trusted network.`,
  }),
});
