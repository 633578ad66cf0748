"""Local emulator of the Alibaba Cloud VPC API 2016-04-28 (Express Connect subset)."""

__version__ = "0.1.0"
