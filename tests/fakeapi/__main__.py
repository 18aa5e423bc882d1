from .server import run_forever

run_forever()
