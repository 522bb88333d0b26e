"""Members, council deliberations and representatives' mandates."""
