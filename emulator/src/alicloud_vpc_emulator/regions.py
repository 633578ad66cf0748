"""Regions the emulator answers for; any other RegionId is 404 InvalidRegionId.NotFound."""

DEFAULT_REGION = "cn-hangzhou"
REGIONS = ("cn-hangzhou", "cn-beijing", "cn-shanghai", "cn-zhangjiakou", "ap-southeast-1")
