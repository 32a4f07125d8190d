from . import icao, ocr_client
