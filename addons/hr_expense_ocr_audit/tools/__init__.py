from . import icao
from . import ocr_client
