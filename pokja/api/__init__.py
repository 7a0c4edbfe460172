"""The REST API (/api/v1/): every record type's endpoints come from its RecordType, other
resources from `registry.add_api_resource`. Reads start from `for_user`, writes go through the
kernel's workflow (or an app's services), role rules come from the policy."""
