/** The reference's error codes the emulator does not produce, and why: each entry names what the
 *  emulator does not model (billing, security locks, snapshots …). Every other code of an implemented
 *  action's table must be answered by one of its fidelity cases, with the table's HTTP status. */

export interface Omission {
  /** Matches the code; `Action:` in front narrows it to one action. */
  match: RegExp;
  why: string;
}

export const NOT_MODELLED: readonly Omission[] = [
  { match: /Arrear|Balance|UnpaidOrder|UNPAID|Expired|PayMethod|PaymentMethod|^Price\.|InvalidAccountStatus|ChargeTypeViolation|QuotaExceed\.AfterpayInstance|InvalidPeriod/i, why: "billing: the emulator has no accounts, balances, orders or subscription expiry" },
  { match: /LockedForSecurity|InvalidStatus\.InstanceLocked/, why: "security locks: no resource is ever locked" },
  { match: /Snapshot|DiskCreatingSnapshot/, why: "snapshots: not modelled (a SnapshotId is always not found)" },
  { match: /Encrypt|Kms|KMS/, why: "encryption keys and policies: not modelled" },
  { match: /Spot/, why: "preemptible (spot) instances: not modelled" },
  { match: /HpcCluster/, why: "HPC clusters: not modelled" },
  { match: /IoOptimized|InvalidIoOptimizedValue/, why: "every emulated instance type is I/O optimized" },
  { match: /ImageNotSubscribed|ImageRemovedInMarket|BuyImage|ImageNotSupportInstanceType|Imagenotsupportinstancetype|InvalidParameter\.Conflict$/, why: "marketplace images and image/type compatibility: every catalogue image runs on every catalogue type" },
  { match: /NoStock|NotOnSale|NotOpen|ResourceNotAvailable|ZoneNotSupported|RegionUnauthorized|ValueUnauthorized|^Zone(Id)?\./, why: "stock and sales: every catalogue zone sells every catalogue type and category" },
  { match: /RouteEntry|SLBConfiguring|LoadBalancer/, why: "other products (VPC routes, SLB) do not exist in the emulator" },
  { match: /InnerServiceFailed|Innerservicefailed|^InternalError$|^InvalidAction$|^DiskError$|InstanceType\.ParameterMismatch/, why: "internal failures: injected with the internal/unavailable faults, not by a rule" },
  { match: /MismatchRamRole/, why: "classic-network instances are not modelled: every instance can take a RAM role" },
  { match: /PassRoleForbidden/, why: "RAM permissions: every caller may pass every role (ram:PassRole is not evaluated)" },
  { match: /DiskInArrears|DiskNotPortable$|InvalidDiskId\.Released|DiskId\.ValueNotSupported/, why: "local and subscription disks: every emulated disk is a portable pay-as-you-go cloud disk" },
  { match: /InvalidClientToken|IdempotenceParamNotMatch|^Throttling$|^LastTokenProcessing$/, why: "protocol: ClientToken conflicts answer IdempotentParameterMismatch; throttling and token races are faults" },
  { match: /QuotaExceeded$|QuotaExceed\.PortableCloudDisk|InstanceDiskCategoryLimitExceed|SecurityGroupInstanceLimitExceed$|InvalidSystemDiskCategory\.ValueUnauthorized|CategoryNotSupported|InvalidDiskCategory\.(Mismatch|NotSupported)|InvalidDataDiskCategory\.NotSupported/, why: "account quotas and per-type disk limits beyond the reference's per-region quotas" },
  { match: /InvalidPrivateIp\.Changing|IncorrectVSwitchStatus|IncorrectVpcStatus|InvalidVSwitchId\.Necessary|InvalidNetworkType\.(Mismatch|Conflict)$/, why: "network operations in progress and classic networking: VPCs and VSwitches are always Available" },
  { match: /InvalidInstanceType\.ZoneNotSupported|DependencyViolation\.InstanceType|CategoryViolation/, why: "instance type families and upgrades paths: every catalogue type can change to every other" },
  { match: /InvalidUserData\.(NotSupported|Forbidden)|HOSTNAME_ILLEGAL|InvalidHostPassword/, why: "image-specific rules (images without cloud-init, host name checks of old images)" },
  { match: /InvalidAutoRenewPeriod|InvalidResourceType\.NotSupported|DeleteWithInstance\.Conflict|^Forbidden$/, why: "subscription renewals and other features the emulator has no counterpart for" },
];

/** Entries of one action's table, as `Action:Code/status`, with why the emulator answers otherwise. */
export const READINGS: readonly Omission[] = [
  { match: /^AllocatePublicIpAddress:InsufficientPublicIp\/400$/, why: "answered when the region's 65,015 public addresses are used up: test/emulator/publicIps.test.ts" },
  { match: /^AllocatePublicIpAddress:OperationDenied\/400$/, why: "EIPs are not modelled" },
  { match: /^(Attach|Detach)KeyPair:DependencyViolation\.WindowsInstance\/403$/, why: "today's API reports it per instance, in Results (Code DependencyViolation.WindowsInstance), as the emulator does" },
  { match: /:InvalidNicType\.Mismatch\/40[03]$/, why: "a NicType that conflicts with an existing rule: classic-network NicType semantics are not modelled (VPC groups are always intranet)" },
  { match: /:Invalid(Source|Dest)Group\.NotFound\/400$/, why: "listed beside Invalid(Source|Dest)GroupId.NotFound (404), which the emulator answers" },
  { match: /:(Invaliddestcidrip\.Malformed|InvalidDestCidrIp\.sMalformed|Invalidtag\.Mismatch|Incorrectinstancestatus)\//, why: "a misspelling in the PDF of a code the emulator answers in today's spelling (README: reference readings)" },
  { match: /^AuthorizeSecurityGroupEgress:InvalidParamter\.Conflict\/403$/, why: "the same fault as InvalidSecurityGroup.IsSame (its own group as DestGroupId), which the emulator answers" },
  { match: /^CreateDisk:(InvalidDiskSize\.(NotSupported|TooSmall)|OperationDenied)\//, why: "sizes of snapshots and of retired categories: answered as InvalidSize.ValueNotSupported, snapshots are not modelled" },
  { match: /^CreateSecurityGroup:InvalidSecurityGroupDiscription\.Malformed\/400$/, why: "the table lists both spellings; CreateSecurityGroup answers InvalidDescription.Malformed, ModifySecurityGroupAttribute the …Discription one" },
  { match: /^CreateSecurityGroup:InvalidVpcId\.NotFound\/403$/, why: "'VpcId must not be empty where only VPC groups can be created': the emulator still creates classic groups without VpcId" },
  { match: /^DeleteLaunchTemplate:InvalidParameter\/400$/, why: "a generic code with no trigger among DeleteLaunchTemplate's parameters" },
  { match: /^(DescribeDeploymentSets:InvalidDescription\.Malformed|ModifyDeploymentSetAttributes?:InvalidParameter\.Strategy)\//, why: "copied from CreateDeploymentSet's table: the action takes no such parameter" },
  { match: /^DescribeDisks:InvalidRegion\.NotFound\/400$/, why: "an older spelling of InvalidRegionId.NotFound (404), which the emulator answers" },
  { match: /^JoinSecurityGroup:OperationDenied\/403$/, why: "security locks: no resource is ever locked" },
  { match: /^ModifyInstanceSpec:(InvalidInternetChargeType\.ValueNotSupported|InvalidParameter\.Bandwidth|OperationDenied)\//, why: "not a parameter of today's ModifyInstanceSpec (charge type), bandwidth packages, classic-network instances and stock: not modelled" },
  { match: /^ModifyInstanceNetworkSpec:(DecreasedBandWidthNotAllowed\/400|OperationDenied\/403)$/, why: "the 2019 limits on lowering a subscription's bandwidth: today's API allows upgrades and downgrades (ModifyInstanceNetworkSpec's description)" },
  { match: /^ModifyInstanceNetworkSpec:(InvalidInstanceStatus\.NotStopped|OperationDenied)\/400$/, why: "classic-network instances (which need Stopped to get bandwidth from 0) are not modelled" },
  { match: /^ModifyInstanceDeployment:DeploymentSet\.ModificationFailed\/403$/, why: "hosts are not modelled: an instance can always join a set on its current host" },
  { match: /^DescribeAvailableResource:Unavailable\.Regions\/404$/, why: "every catalogue region is open to every account" },
  { match: /^ResetDisk:(DiskCategory\.OperationNotSupported\/400|InvalidParameter\.Mismatch\/403|OperationDenied\/403)$/, why: "local disks and snapshots are not modelled: every SnapshotId is not found (InvalidSnapshotId.NotFound, 404)" },
  { match: /^ModifyInstanceVpcAttribute:OperationDenied\/400$/, why: "classic-network instances are not modelled" },
  { match: /^ModifySecurityGroupPolicy:InvalidSecurityGroupId\.Malformed\/400$/, why: "a rule on an id's characters that the ids the emulator issues always meet" },
  { match: /^(ReplaceSystemDisk|RunInstances):InvalidSystemDiskSize(\.ImageNotSupportResize|\.ValueNotSupported)?\/40[04]$/, why: "generic and image-specific size codes: the emulator answers the specific ones (LessThanImageSize, MoreThanMaxSize, 404)" },
  { match: /^(ReplaceSystemDisk|RunInstances):InvalidSystemDiskSize\.LessThanMinSize\/404$/, why: "unreachable with the catalogue: every image is at least 20 GiB, the categories' minimum" },
  { match: /^ReplaceSystemDisk:(OperationDenied|NoSuchResource)\//, why: "images with data-disk snapshots and internal failures: not modelled" },
  { match: /^ModifyDiskAttribute:IncorrectDiskStatus\/403$/, why: "the table names no status in which a disk's name or flags cannot change; the emulator refuses none" },
  { match: /^ResizeDisk:InvalidInstanceId\.NotFound\/404$/, why: "ResizeDisk takes no instance id, and a disk's instance always exists" },
  { match: /^RunInstances:(InvalidDiskCategory\.ValueNotSupported|InstanceDiskNumLimitExceed)\//, why: "listed beside Invalid(System|Data)DiskCategory.ValueNotSupported and InstanceDiskNumber.LimitExceed, which the emulator answers" },
  { match: /^RunInstances:(InvalidParameter\.Bandwidth|InvalidDiskSize\.TooSmall|OperationDenied)\//, why: "bandwidth packages, snapshots, zone sales, disabled images, stock and concurrent creates: not modelled" },
  { match: /^RunInstances:InvalidVSwitchId\.NotFound\/403$/, why: "listed twice; the emulator answers the 404 entry" },
  { match: /^RunInstances:InvalidSecurityGroupId\/404$/, why: "an older form of InvalidSecurityGroupId.NotFound (404), which the emulator answers" },
];

export function omission(action: string, code: string, status: number): Omission | undefined {
  return READINGS.find((o) => o.match.test(`${action}:${code}/${status}`)) ?? NOT_MODELLED.find((o) => o.match.test(code));
}
