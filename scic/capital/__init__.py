"""Share-movement ledger, holdings, the capital floor and the local authorities' cap."""
