// The sdk classes as they were before issue 15 (for bench measure 8, side by side with the
// package): pulumi.dynamic.Resource with a shim object per kind that @pulumi/pulumi's closure
// serializer turns into the __provider text (2.9 KB, and the TypeScript compiler loaded to make
// it), and @pulumi/pulumi's per-promise stack traces left on. Same props and options.
"use strict";
const pulumi = require("@pulumi/pulumi");
const path = require("path");

const sdkDir = path.dirname(require.resolve("pulumi-alicloud-ecs"));
const { resourceProps, resourceOptions, MODULE } = require(path.join(sdkDir, "resource.js"));
const providerDir = path.join(sdkDir, "..", "provider");
const metas = {
  Instance: require(path.join(providerDir, "types", "instance.js")).instanceMeta,
  Disk: require(path.join(providerDir, "types", "disk.js")).diskMeta,
  SecurityGroup: require(path.join(providerDir, "types", "securityGroup.js")).securityGroupMeta,
};

const shims = {};
function shimProvider(kind) {
  if (shims[kind]) return shims[kind];
  const moduleName = "pulumi-alicloud-ecs/provider";
  const fallback = path.join(providerDir, "index");
  const load = () => {
    let mod;
    try {
      mod = require(moduleName);
    } catch (err) {
      if (err.code !== "MODULE_NOT_FOUND") throw err;
      mod = require(fallback);
    }
    return mod.providerFor(kind);
  };
  return (shims[kind] = {
    configure: async (req) => load().configure?.(req),
    check: async (olds, news) => load().check(olds, news),
    diff: async (id, olds, news) => load().diff(id, olds, news),
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => load().read(id, props),
    update: async (id, olds, news) => load().update(id, olds, news),
    delete: async (id, props) => load().delete(id, props),
  });
}

const classOf = (meta) =>
  class extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
      super(shimProvider(meta.kind), name, resourceProps(meta, name, args, opts), resourceOptions(meta, opts), MODULE, meta.kind);
    }
  };

module.exports = Object.fromEntries(Object.entries(metas).map(([kind, meta]) => [kind, classOf(meta)]));
