"""The validation stage (Great Expectations over the store, anomaly reports): not built yet.

The design card reserves this folder; the stage is a separate issue that builds on the loaded store.
"""
