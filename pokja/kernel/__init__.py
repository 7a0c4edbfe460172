"""The kernel: regions, accounts, scoping, policy, verification, workflow and the registry that the apps plug into. It imports nothing above it (see .importlinter)."""
