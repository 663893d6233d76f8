#!/usr/bin/env python3
"""A simulated device that is a real Eclipse Paho client (Debian's python3-paho-mqtt, 1.x or 2.x).

python3 tools/simulator/paho_device.py --host 127.0.0.1 --port 1883 [--prefix demo] [--id paho-sensor] [--every 1]

Like ESPHome firmware: a retained "online" on <prefix>/<id>/status with the will "offline" (retained), and a
JSON reading on <prefix>/<id>/sensor/temperature every --every seconds. SIGTERM disconnects cleanly
(status cleared first); SIGKILL leaves the broker to publish the will.
"""
import argparse
import json
import random
import signal
import sys
import time

import paho.mqtt.client as mqtt

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=1883)
parser.add_argument("--prefix", default="")
parser.add_argument("--id", default="paho-sensor")
parser.add_argument("--every", type=float, default=1.0)
args = parser.parse_args()

base = f"{args.prefix}/{args.id}" if args.prefix else args.id
status = f"{base}/status"

try:  # paho-mqtt 2.x asks which callback API the caller is written for
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"{args.id}-{random.randrange(16**6):06x}", protocol=mqtt.MQTTv311)
except AttributeError:  # 1.x
    client = mqtt.Client(client_id=f"{args.id}-{random.randrange(16**6):06x}", protocol=mqtt.MQTTv311)
client.will_set(status, "offline", qos=1, retain=True)
client.connect(args.host, args.port, keepalive=15)
client.loop_start()
client.publish(status, "online", qos=1, retain=True).wait_for_publish()
print(f"paho {mqtt.__name__} device {args.id} online on {status}", flush=True)

running = True


def stop(_signum, _frame):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
temperature = 20.0
while running:
    temperature = round(temperature + random.uniform(-0.2, 0.2), 2)
    client.publish(f"{base}/sensor/temperature", json.dumps({"temperature": temperature, "client": "paho"}), qos=0)
    time.sleep(args.every)
client.publish(status, "", qos=1, retain=True).wait_for_publish()
client.disconnect()
client.loop_stop()
sys.exit(0)
