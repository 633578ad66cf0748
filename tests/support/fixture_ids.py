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

# Two accounts and two regions. The first account is the default key pair (support.emulator.ACCESS_KEY_ID); the
# second has its own key pair. VPC5 is the first account's in cn-shanghai; VPC6 and VPC7 are the second account's, in
# cn-hangzhou and cn-shanghai.
ACCOUNT_UID = "1234567890123456"
SECOND_ACCOUNT_UID = "9876543210987654"
SECOND_ACCESS_KEY_ID = "test-second-access-key-id"
SECOND_ACCESS_KEY_SECRET = "test-second-access-key-secret"
# The first account's STS identity.
STS_ACCESS_KEY_ID, STS_SECRET, STS_TOKEN = "STS.test-sts-key-id", "test-sts-secret", "test-security-token"
SECOND_REGION = "cn-shanghai"
VPC5, VPC_ROUTER5, VPC_TABLE5 = "vpc-emu0005", "vrt-emu0005", "vtb-emu0005"
VPC6, VPC_ROUTER6, VPC_TABLE6 = "vpc-emu0006", "vrt-emu0006", "vtb-emu0006"
VPC7, VPC_ROUTER7, VPC_TABLE7 = "vpc-emu0007", "vrt-emu0007", "vtb-emu0007"
