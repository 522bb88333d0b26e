"""General assemblies: convocation, attendance, proxies, quorum and minutes."""
