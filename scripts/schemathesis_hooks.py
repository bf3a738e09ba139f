"""Schemathesis hooks for scripts/schemathesis.sh: the rules the OpenAPI document states in
prose because OpenAPI cannot state them.

- A push: the body's `replica` is the FieldSync-Replica header's, each record appears once
  in a batch, a context names each replica once, and every write (grouped form) or pair of a
  field (first form) names a replica of the context (by its place) with a counter the context
  has seen, a field once per dot.
- A pull: `held` is at most `after`.
- A hello: the body's `replica` is the FieldSync-Replica header's, `confirmed` at most `counter`.
- A dashboard period: its days exist, and a range does not end before it begins.
- A FieldSync-Epoch header matches its pattern: schemathesis's coverage phase sends "0" in it
  for a case it counts as positive, so a positive case drops an epoch that does not match.

The server refuses a request that breaks them with 400, as it should. So that schemathesis's
positive cases are really valid (and its `positive_data_acceptance` check means something),
this hook makes a generated positive case keep those rules; negative cases are left alone.
To reach deeper than the first checks, it also names the pushing replica in each record's
context (so some records get past the forgery rule) and gives a record of a known kind a
region written by the pusher (so it reaches the scope rule and the field checks).

The attachment routes (the API's and the dashboard's) name an attachment record by id; a generated
id names none, so every answer would be 404. Before the first attachment case, the hook seeds
two north attachment records through the API with the run's token (FIELDSYNC_BASE and FIELDSYNC_TOKEN, set by
scripts/schemathesis.sh): one whose bytes it uploads whole, one with none yet. A positive
attachment case then names one of them, so the fuzzing reaches uploads (offsets, content
sniffing, the digest check) and downloads (ranges) past the 404.
"""

import calendar
import hashlib
import json
import os
import re
import urllib.request

import schemathesis
from schemathesis.core.parameters import ParameterLocation

REPLICA = re.compile(r"[0-9a-f]{32}")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
KINDS = ("customer", "visit", "opinion_card", "complaint", "part_supply")
REGIONS = ("north", "northwest", "southwest", "central", "south")


EPOCH = re.compile(r"[1-9][0-9]{0,17}[.][0-9a-f]{32}")


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    # The coverage phase may mark a component negative in a case it checks as positive: a case
    # positive as a whole keeps every rule.
    positive = meta is None or meta.generation.mode.is_positive
    attachment_route = case.path.startswith("/v1/attachments/") or case.path.startswith("/dashboard/attachments/")
    if attachment_route and (positive or not meta.is_negative_at(ParameterLocation.PATH)):
        seeded = _seeded_attachments()
        if seeded and isinstance(case.path_parameters, dict):
            # Alternate between the whole one and the one waiting for its bytes.
            _SEEDED["uses"] += 1
            case.path_parameters["id"] = seeded[_SEEDED["uses"] % len(seeded)]
            if positive:
                _keep_attachment_rules(case, waiting=case.path_parameters["id"] == seeded[1])
    if (positive or not meta.is_negative_at(ParameterLocation.HEADER)) and case.headers:
        epoch = case.headers.get("FieldSync-Epoch")
        if epoch is not None and not (isinstance(epoch, str) and EPOCH.fullmatch(epoch)):
            del case.headers["FieldSync-Epoch"]
    if case.method.upper() == "POST" and case.path == "/v1/push":
        if positive or not (meta.is_negative_at(ParameterLocation.BODY) or meta.is_negative_at(ParameterLocation.HEADER)):
            _keep_push_rules(case)
    elif case.method.upper() == "POST" and case.path == "/v1/hello":
        if positive or not (meta.is_negative_at(ParameterLocation.BODY) or meta.is_negative_at(ParameterLocation.HEADER)):
            _keep_hello_rules(case)
    elif case.method.upper() == "GET" and case.path == "/v1/pull":
        if (positive or not meta.is_negative_at(ParameterLocation.QUERY)) and isinstance(case.query, dict):
            held, after = _integer(case.query.get("held")), _integer(case.query.get("after", 0))
            if held is not None and after is not None and held > after:
                case.query["held"] = after
    elif case.method.upper() == "GET" and case.path.startswith("/dashboard"):
        if (positive or not meta.is_negative_at(ParameterLocation.QUERY)) and isinstance(case.query, dict):
            period = case.query.get("period")
            if isinstance(period, str):
                case.query["period"] = _keep_period_rules(period)
    return case


def _keep_hello_rules(case):
    """A hello names the header's replica, and its confirmed counter is at most its counter."""
    replica = case.headers.get("FieldSync-Replica") if case.headers else None
    body = case.body
    if not isinstance(replica, str) or not REPLICA.fullmatch(replica) or not isinstance(body, dict):
        return
    body["replica"] = replica
    # Whole numbers may come as 18122549.0.
    counter, confirmed = body.get("counter"), body.get("confirmed")
    if all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in (counter, confirmed)) and confirmed > counter:
        body["confirmed"] = counter


def _integer(value):
    """A query integer as generated: an int, or its text in the coverage phase."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _keep_period_rules(period):
    def existing(match):
        year, month, day = (int(part) for part in match.groups())
        if not (1 <= year <= 9999 and 1 <= month <= 12):
            return match.group(0)
        return f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"

    period = DATE.sub(existing, period)
    ends = DATE.findall(period)
    if ".." in period and len(ends) == 2 and ends[0] > ends[1]:
        first, last = period.split("..", 1)
        period = first.replace("-".join(ends[0]), "-".join(ends[1])) + ".." + last.replace("-".join(ends[1]), "-".join(ends[0]))
    return period


def _keep_push_rules(case):
    replica = case.headers.get("FieldSync-Replica") if case.headers else None
    body = case.body
    if not isinstance(replica, str) or not REPLICA.fullmatch(replica) or not isinstance(body, dict):
        return
    records = body.get("records")
    if not isinstance(records, list):
        return
    body["replica"] = replica
    seen = set()
    kept = []
    for record in records:
        if not isinstance(record, dict) or record.get("id") in seen:
            continue
        seen.add(record.get("id"))
        state = record.get("state")
        if isinstance(state, dict) and "w" in state:
            _keep_grouped_rules(state, replica)
            if record.get("kind") in KINDS:
                _give_grouped_region(state, replica, REGIONS[len(seen) % len(REGIONS)])
        elif isinstance(state, dict):
            _keep_state_rules(state, replica)
            if record.get("kind") in KINDS:
                _give_region(state, replica, REGIONS[len(seen) % len(REGIONS)])
        kept.append(record)
    body["records"] = kept


def _give_region(state, pusher, region):
    context, fields = state.get("c"), state.get("f")
    if not isinstance(context, list) or not isinstance(fields, dict) or "region" in fields:
        return
    if not context:
        context.append([pusher, 1])
    for index, (replica, counter) in enumerate(context):
        if replica == pusher:
            fields["region"] = [[index, counter, region]]
            return


def _keep_state_rules(state, pusher):
    context = state.get("c")
    fields = state.get("f")
    if not isinstance(context, list) or not isinstance(fields, dict):
        return
    entries = [entry for entry in context if isinstance(entry, list) and len(entry) == 2]
    if len(entries) != len(context):
        return
    if entries and all(entry[0] != pusher for entry in entries):
        entries[0] = [pusher, entries[0][1]]
    # Each replica once, with the highest counter given for it.
    counters = {}
    for replica, counter in entries:
        counters[replica] = max(counter, counters.get(replica, 0))
    order = list(counters)
    position = {replica: index for index, replica in enumerate(order)}
    state["c"] = [[replica, counters[replica]] for replica in order]
    for name in list(fields):
        pairs = fields[name]
        if not isinstance(pairs, list):
            continue
        dots = set()
        kept = []
        for pair in pairs:
            if not isinstance(pair, list) or len(pair) < 3 or not entries:
                continue
            if not isinstance(pair[0], int) or not isinstance(pair[1], int):
                continue
            replica = entries[pair[0] % len(entries)][0]
            counter = min(pair[1], counters[replica])
            if (replica, counter) in dots:
                continue
            dots.add((replica, counter))
            kept.append([position[replica], counter, *pair[2:]])
        if kept:
            fields[name] = kept
        else:
            del fields[name]


def _keep_grouped_rules(state, pusher):
    context, writes = state.get("c"), state.get("w")
    if not isinstance(context, list) or not isinstance(writes, list) or "f" in state:
        return
    # Replica, counter, replica, counter…: whatever stands in a replica's place becomes the
    # pusher, in a counter's place a counter.
    pairs = [
        (r if isinstance(r, str) and REPLICA.fullmatch(r) else pusher, n if isinstance(n, int) and not isinstance(n, bool) else 1)
        for r, n in zip(context[0::2], context[1::2])
    ]
    if pairs and all(replica != pusher for replica, _ in pairs):
        pairs[0] = (pusher, pairs[0][1])
    counters = {}
    for replica, counter in pairs:
        counters[replica] = max(counter, counters.get(replica, 0))
    order = list(counters)
    state["c"] = [item for replica in order for item in (replica, counters[replica])]
    kept, written = [], set()
    for entry in writes:
        if not order or not isinstance(entry, list) or len(entry) < 2 or not isinstance(entry[0], int) or isinstance(entry[0], bool):
            continue
        position = entry[0] % len(order)
        rest = entry[1:]
        counter = counters[order[position]]
        if rest and isinstance(rest[0], int) and not isinstance(rest[0], bool):
            counter = max(1, min(rest[0], counter))
            rest = rest[1:]
        if not rest or not isinstance(rest[0], dict) or len(rest) > 2 or (len(rest) == 2 and not isinstance(rest[1], dict)):
            continue
        dot = (order[position], counter)
        values = {k: v for k, v in rest[0].items() if (dot, k) not in written}
        written.update((dot, k) for k in values)
        cleared = {k: v for k, v in (rest[1] if len(rest) == 2 else {}).items() if (dot, k) not in written}
        written.update((dot, k) for k in cleared)
        item = [position] + ([] if counter == counters[order[position]] else [counter]) + [values]
        if cleared:
            item.append(cleared)
        kept.append(item)
    state["w"] = kept


def _give_grouped_region(state, pusher, region):
    context, writes = state.get("c"), state.get("w")
    if not isinstance(context, list) or not isinstance(writes, list):
        return
    if any(isinstance(entry, list) and any(isinstance(part, dict) and "region" in part for part in entry) for entry in writes):
        return
    if not context:
        context.extend([pusher, 1])
    for position, replica in enumerate(context[0::2]):
        if replica == pusher:
            writes.append([position, {"region": region}])
            return


# The seeded attachments: a north scan uploaded whole, and one whose bytes have not come yet.
_SCAN = b"%PDF-1.7\n" + bytes((i * 31) % 256 for i in range(4000))
_WAITING = b"%PDF-1.7\n" + bytes((i * 17 + 5) % 256 for i in range(3000))
_SEEDED = {"ids": None, "uses": 0}


def _seeded_attachments():
    """The ids of the seeded attachment records, seeding them on the first call; [] when the
    run gives no server (FIELDSYNC_BASE, FIELDSYNC_TOKEN) or seeding failed."""
    if _SEEDED["ids"] is not None:
        return _SEEDED["ids"]
    _SEEDED["ids"] = []
    base, token = os.environ.get("FIELDSYNC_BASE"), os.environ.get("FIELDSYNC_TOKEN")
    if not base or not token:
        return []
    # A replica and record ids of this token's own, so the hq and technician runs do not meet.
    tag = hashlib.sha256(token.encode()).hexdigest()
    replica = tag[:32]
    ids = [f"019ac453-8800-7000-{n}{tag[33:36]}-{tag[36:48]}" for n in "ab"]
    records = []
    for record_id, data in zip(ids, (_SCAN, _WAITING)):
        values = {
            "parent_kind": "customer",
            "parent": "019ac453-8800-7000-8000-000000000001",
            "region": "north",
            "digest": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "media_type": "application/pdf",
            "file_name": "schemathesis.pdf",
        }
        fields = {name: [[0, 1, value]] for name, value in values.items()}
        records.append({"id": record_id, "kind": "attachment", "state": {"c": [[replica, 1]], "f": fields}})
    try:
        body = json.dumps({"replica": replica, "records": records}).encode()
        answer = _request(base, token, "POST", "/v1/push", body, "application/json", {"FieldSync-Replica": replica})
        outcomes = [result.get("outcome") for result in answer.get("results", [])]
        if outcomes != ["applied", "applied"]:
            print(f"schemathesis hooks: the attachment records were not stored: {answer}")
            return []
        _request(base, token, "PUT", f"/v1/attachments/{ids[0]}/content?offset=0", _SCAN, "application/octet-stream")
    except OSError as error:
        print(f"schemathesis hooks: could not seed the attachments: {error}")
        return []
    _SEEDED["ids"] = ids
    return ids


RANGE = re.compile(r"bytes=(?:([0-9]{1,18})-([0-9]{0,18})|-([0-9]{1,18}))")


def _keep_attachment_rules(case, waiting):
    """A positive case says what the server takes: a piece of the record's own bytes where the
    upload of the waiting attachment may stand (or any piece for the whole one, which the server
    answers with its standing), and a Range within the attachment."""
    data = _WAITING if waiting else _SCAN
    method = case.method.upper()
    if method == "PUT" and waiting and isinstance(case.query, dict):
        length = len(case.body) if isinstance(case.body, (bytes, str)) else 0
        case.query["offset"] = 0
        case.body = data[: max(1, min(length, len(data)))]
    elif method == "PUT" and not (isinstance(case.body, (bytes, str)) and len(case.body) > 0):
        case.body = data[:100]
    elif method == "GET" and case.headers and "Range" in case.headers:
        match = RANGE.fullmatch(str(case.headers["Range"]))
        start, end, suffix = match.groups() if match else (None, None, None)
        if match is None or (suffix is not None and int(suffix) == 0) or (start is not None and (int(start) >= len(data) or (end and int(end) < int(start)))):
            del case.headers["Range"]


def _request(base, token, method, path, body, content_type, headers=None):
    request = urllib.request.Request(base.rstrip("/") + path, data=body, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")
