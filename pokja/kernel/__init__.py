"""The kernel: regions, accounts, scoping, policy, verification, workflow, shared form pieces
and the registry the apps plug into. It imports nothing above it (.importlinter, make lint)."""
