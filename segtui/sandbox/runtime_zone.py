"""The sandbox process's time zone and locale made Segment's (AWS Lambda's `TZ=UTC`, en-US) before V8 starts.

V8 takes the host's zone (`new Date().toString()`, `getTimezoneOffset()`, `getHours()`) and ICU its default
locale (`toLocaleString()`, `Intl`'s defaults) from the environment once, when it starts; a handler would
otherwise see the user's machine's (Asia/Kolkata, tr-TR) where Segment runs it in UTC and en-US. Importing
this sets them for the rest of this process (only the sandbox process imports it: segtui shows its own
times in the user's zone).
"""

import os
import time

os.environ["TZ"] = "UTC"
os.environ["LC_ALL"] = "en_US.UTF-8"  # ICU reads LC_ALL before LC_MESSAGES and LANG
time.tzset()
