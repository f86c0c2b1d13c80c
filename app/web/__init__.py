"""The read-only web page: offers, comparisons, minutes, anomalies and load status, served by FastAPI
(`server.create_app`, `server.serve`), every value linked to the PDF page it stands on."""
