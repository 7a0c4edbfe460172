"""Development data: demo accounts and records, and the national benchmark generator.

A development-only app: the local and test settings install it, production never imports it.
Other apps add their demo data through `registry.add_demo_seeder("app.module.function")`.
"""
