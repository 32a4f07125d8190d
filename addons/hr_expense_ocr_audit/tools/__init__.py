from . import ocr_client
