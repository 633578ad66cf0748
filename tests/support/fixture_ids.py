"""The IDs of the emulator's default fixtures (emulator/src/alicloud_vpc_emulator/default_fixtures.json, region
cn-hangzhou: support.emulator.REGION), defined once for the tests and the benchmarks."""

PC = "pc-emu0001"  # access point ap-cn-hangzhou-xs-B, Enabled
PC2 = "pc-emu0002"  # access point ap-cn-hangzhou-xs-A, Enabled
PC3 = "pc-emu0003"  # access point ap-cn-hangzhou-xs-C, Confirmed (not enabled), named hangzhou-lab
ACCESS_POINT = "ap-cn-hangzhou-xs-B"  # PC's access point

# Four VPCs, each with its vRouter and its system route table.
VPC, VPC_ROUTER, VPC_TABLE = "vpc-emu0001", "vrt-emu0001", "vtb-emu0001"
VPC2, VPC_ROUTER2, VPC_TABLE2 = "vpc-emu0002", "vrt-emu0002", "vtb-emu0002"
VPC_ROUTER4 = "vrt-emu0004"
