#!/usr/bin/env python3
"""Writes Sources/CirculaServer/Resources/openapi.json, the OpenAPI 3.1 document of `circula serve`.

The JSON is committed and served at /api/v1/openapi.json; this script is how it is edited (one table of routes).
x-circula-access on every operation says who may call it: public, signed-in, staff, writer, admin.
The route-table test (Tests/CirculaServerTests) walks these operations for every role; schemathesis checks the
live server against the document.
"""
import json, pathlib

problem = {"$ref": "#/components/responses/Problem"}
def page(item):
    return {"type": "object", "required": ["items", "offset", "limit", "total", "more_remain"],
            "properties": {"items": {"type": "array", "items": item}, "offset": {"type": "integer", "minimum": 0},
                           "limit": {"type": "integer", "minimum": 1, "maximum": 500}, "total": {"type": "integer", "minimum": 0},
                           "more_remain": {"type": "boolean"}, "next_offset": {"type": "integer"}}}
paging = [{"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}]
customer = {"name": "customer", "in": "query", "description": "Staff: narrow to one customer. A customer may name only itself.", "schema": {"type": "string", "maxLength": 100}}
obj = {"type": "object"}
element = {"type": "object", "required": ["z", "symbol", "name", "atomic_weight", "period", "block", "category", "classes"],
           "properties": {"z": {"type": "integer"}, "symbol": {"type": "string"}, "name": {"type": "string"}, "atomic_weight": {"type": "number"},
                          "weight_is_mass_number": {"type": "boolean"}, "group": {"type": "integer"}, "period": {"type": "integer"},
                          "block": {"type": "string"}, "category": {"type": "string"}, "classes": {"type": "array", "items": {"type": "string"}}}}

def op(summary, access, ok=None, params=(), errors=(), body=None, status="200", content="application/json"):
    responses = {status: {"description": "OK", "content": {content: {"schema": ok or obj}}}}
    codes = set(errors) | ({"401", "403"} if access != "public" else set())
    if params: codes.add("400")
    for code in sorted(codes): responses[code] = problem
    o = {"summary": summary, "x-circula-access": access, "responses": responses}
    if access != "public": o["security"] = [{"bearer": []}]
    if params: o["parameters"] = list(params)
    if body: o["requestBody"] = body
    return o

def json_body(schema): return {"required": True, "content": {"application/json": {"schema": schema}}}
ident = {"type": "string", "minLength": 1, "maxLength": 100}
svg = {"type": "string"}
paths = {
  "/api/v1/health": {"get": op("Liveness (the trivial route)", "public", {"type": "object", "properties": {"status": {"const": "ok"}}})},
  "/api/v1/openapi.json": {"get": op("This document", "public")},
  "/api/v1/me": {"get": op("The signed-in account", "signed-in", {"type": "object", "required": ["user", "role"], "properties": {"user": {"type": "string"}, "role": {"enum": ["admin", "operator", "auditor", "customer"]}, "customer": {"type": "string"}}})},
  "/api/v1/elements": {"get": op("All 118 elements (paged), or one list's", "public", page(element),
      paging + [{"name": "class", "in": "query", "schema": {"enum": ["rare-metal-jp", "critical-iea", "critical-eu", "strategic-eu", "critical-us", "recovered"]}}])},
  "/api/v1/elements/{symbol}": {"get": op("One element by symbol", "public", element,
      [{"name": "symbol", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 40}}], ["404"])},
  "/api/v1/ledger/accounts": {"get": op("Credit accounts with balances (a customer: its ring-fenced accounts)", "signed-in", page(obj), paging + [customer])},
  "/api/v1/ledger/balance": {"get": op("Credit balance per account and product, with the chain head", "staff")},
  "/api/v1/ledger/receipts": {"get": op("Receipts of recycled input (a customer: its own scrap)", "signed-in", page(obj), paging + [customer])},
  "/api/v1/ledger/deliveries": {"get": op("Deliveries with allocations and certificates (a customer: its own)", "signed-in", page(obj), paging + [customer])},
  "/api/v1/ledger/deliveries/{delivery}": {"get": op("One delivery", "signed-in", obj,
      [{"name": "delivery", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}}, customer], ["404"])},
  "/api/v1/ledger/allocations": {"get": op("Allocations of credits to deliveries (a customer: to its deliveries)", "signed-in", page(obj), paging + [customer]),
      "post": op("Allocate credits from an account to a delivery", "writer", obj, (), ["404", "409", "413", "422", "400"],
                 json_body({"type": "object", "required": ["delivery", "account"], "properties": {"delivery": ident, "account": ident, "amount": {"type": "integer", "minimum": 1, "description": "exact, in the product's unit (g); absent: as much as allowed"}}}), "201")},
  "/api/v1/ledger/events": {"get": op("The hash-chained events in order (paged by seq)", "staff",
      {"type": "object", "required": ["items", "more_remain"], "properties": {"items": {"type": "array"}, "more_remain": {"type": "boolean"}, "next_after": {"type": "integer"}}},
      [{"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}}, paging[1]])},
  "/api/v1/ledger/verify": {"get": op("Re-verify the hash chain and replay every event", "staff")},
  "/api/v1/ledger/ratio": {"get": op("Recycling ratio per product and period", "staff", page(obj), paging)},
  "/api/v1/ledger/certificates": {"get": op("Certificates (a customer: of its deliveries)", "signed-in", page(obj), paging + [customer]),
      "post": op("Sign a certificate for a delivery and record it", "writer", obj, (), ["404", "409", "413", "422", "503", "400"],
                 json_body({"type": "object", "required": ["delivery"], "properties": {"delivery": ident}}), "201")},
  "/api/v1/ledger/certificates/{certificate}": {"get": op("A signed certificate document", "signed-in", obj,
      [{"name": "certificate", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}}, customer], ["404"])},
  "/api/v1/statement": {"get": op("A customer's co-creation statement per period", "signed-in", obj,
      [customer, {"name": "period", "in": "query", "description": "a booked period (2024-04) or a coarser one that holds booked periods (FY2024-Q1, FY2024); omitted: every period", "schema": {"type": "string", "maxLength": 20}}])},
  "/api/v1/statement.csv": {"get": op("The statement as CSV", "signed-in", {"type": "string"},
      [customer, {"name": "period", "in": "query", "description": "a booked period (2024-04) or a coarser one that holds booked periods (FY2024-Q1, FY2024); omitted: every period", "schema": {"type": "string", "maxLength": 20}}], content="text/csv")},
  "/api/v1/lots": {"post": op("Record a lot CSV as receipts (all or nothing)", "writer", obj,
      [{"name": "site", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 100}},
       {"name": "recycled_only", "in": "query", "schema": {"enum": ["true", "false"]}}], ["404", "409", "413", "422"],
      {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}, "201")},
  "/api/v1/balance": {"get": op("Plant balance of the sample period through the bundled model", "staff", obj,
      [{"name": "element", "in": "query", "schema": {"type": "string", "maxLength": 3}}])},
  "/api/v1/balance/sankey.svg": {"get": op("Sankey diagram of one element", "staff", svg,
      [{"name": "element", "in": "query", "schema": {"type": "string", "maxLength": 3}}], content="image/svg+xml")},
  "/api/v1/plan": {"get": op("Feed-mix plan of the bundled scenario", "staff")},
  "/api/v1/plan/sweep": {"get": op("TC sweep of the plan", "staff", obj, [{"name": "tc", "in": "query", "schema": {"type": "string", "pattern": "^-?[0-9]+:-?[0-9]+:-?[0-9]+$", "maxLength": 20}}])},
  "/api/v1/plan/sweep.svg": {"get": op("TC sweep chart", "staff", svg, [{"name": "tc", "in": "query", "schema": {"type": "string", "pattern": "^-?[0-9]+:-?[0-9]+:-?[0-9]+$", "maxLength": 20}}], content="image/svg+xml")},
  "/api/v1/outlook": {"get": op("Recycling outlook from the stock model", "staff", obj, [{"name": "to", "in": "query", "schema": {"type": "integer", "minimum": 2025, "maximum": 2100}}])},
  "/api/v1/outlook/chart.svg": {"get": op("Outlook chart", "staff", svg, [{"name": "to", "in": "query", "schema": {"type": "integer", "minimum": 2025, "maximum": 2100}}], content="image/svg+xml")},
  "/api/v1/issuer-key": {"get": op("The issuer's published Ed25519 public key", "public", {"type": "object", "required": ["key_id", "public_key_pem"], "properties": {"key_id": {"type": "string"}, "public_key_pem": {"type": "string"}}}, (), ["404"])},
  "/api/v1/certificates/verify": {"post": op("Verify a certificate offline against the published key (no sign-in)", "public",
      {"type": "object", "required": ["valid"], "properties": {"valid": {"type": "boolean"}, "reason": {"type": "string"}}}, (), ["400", "413", "503"],
      {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}})},
}

# Tight response schemas for the ledger objects, the plant balance and the runs: schemathesis checks every
# response against them (additionalProperties false: a field added to the server must be added here).
schemas = {}
def obj(props, required=None, closed=True, desc=None):
    o={"type":"object","required": required if required is not None else [k for k in props if not k.startswith('?')],
       "properties":{k.lstrip('?'):v for k,v in props.items()}}
    if closed: o["additionalProperties"]=False
    if desc: o["description"]=desc
    return o
I={"type":"integer"}; Str={"type":"string"}; B={"type":"boolean"}; N={"type":"number"}
def ref(n): return {"$ref":"#/components/schemas/"+n}
unit={"enum":["g","mg"],"description":"exact integer unit of the amounts: g, or mg for precious metals"}
schemas['Account']=obj({"id":Str,"site":Str,"product":Str,"factor":{"type":"string","description":"conversion factor, exact decimal"},
  "?ring_fenced_for":Str,"unit":unit,"balance":{"type":"integer","description":"credits left, in unit"},"batches":{"type":"integer","minimum":0}},
  desc="A credit account: recycled-content credits of one product at one site, optionally ring-fenced for a customer.")
schemas['Receipt']=obj({"lot":Str,"site":Str,"supplier":Str,"date":Str,"category":Str,"origin":Str,"?ring_fenced_for":Str,"reversed":B,
  "elements":{"type":"object","additionalProperties":{"type":"integer"},"description":"recycled mass per element, in units[element]"},
  "units":{"type":"object","additionalProperties":unit},
  "credited":{"type":"object","additionalProperties":{"type":"string"},"description":"element → credit event that credited it"}},
  desc="A received lot (recycled input) as the ledger recorded it.")
schemas['Allocation']=obj({"event":Str,"delivery":Str,"account":Str,"amount":{"type":"integer","minimum":0},"unit":unit},
  desc="Credits drawn from an account for a delivery.")
schemas['Delivery']=obj({"delivery":Str,"customer":Str,"site":Str,"product":Str,"date":Str,"period":Str,"unit":unit,
  "mass":{"type":"integer","minimum":0},"claimed":{"type":"integer","minimum":0},
  "recycled_share_ppm":{"type":"integer","minimum":0,"maximum":1000000,"description":"claimed / mass × 10^6"},
  "reversed":B,"allocations":{"type":"array","items":ref('Allocation')},"certificates":{"type":"array","items":Str}},
  desc="A delivery of product to a customer with the credits allocated to it.")
schemas['Event']=obj({"seq":{"type":"integer","minimum":1},"id":Str,"type":Str,"timestamp":Str,"actor":Str,
  "hash":{"type":"string","pattern":"^[0-9a-f]{64}$"},"prev_hash":{"type":"string","pattern":"^[0-9a-f]{64}$"}},
  desc="One link of the hash chain (docs/hash-chain.md).")
schemas['EventsPage']=obj({"items":{"type":"array","items":ref('Event')},"after":{"type":"integer","minimum":0},"limit":{"type":"integer","minimum":1,"maximum":500},
  "more_remain":B,"?next_after":{"type":"integer","description":"pass as ?after= for the next page"}})
schemas['LedgerBalance']=obj({"head_seq":{"type":"integer","minimum":0},"head_hash":{"type":"string","pattern":"^[0-9a-f]{64}$"},
  "accounts":{"type":"array","items":obj({"account":Str,"product":Str,"unit":unit,"?ring_fenced_for":Str,"balance":I,
     "balance_display":{"type":"string","description":"the balance with its unit, for people"}})},
  "total_by_product":{"type":"object","additionalProperties":{"type":"integer"}}},
  desc="Credit balance per account at the chain head head_seq.")
schemas['Ratio']=obj({"product":Str,"period":Str,"unit":unit,"delivered":{"type":"integer","minimum":0},"recycled":{"type":"integer","minimum":0},
  "deliveries":{"type":"integer","minimum":0},"share_ppm":{"type":"integer","minimum":0,"maximum":1000000}},
  desc="Recycling ratio of one product in one period: recycled / delivered × 10^6 ppm.")
schemas['CertificateSummary']=obj({"certificate":Str,"delivery":Str,"customer":Str,"key_id":Str,
  "body_hash":{"type":"string","pattern":"^[0-9a-f]{64}$"},"archived":{"type":"boolean","description":"the signed document is kept by this server"}})
schemas['CertificateBody']=obj({"certificate":Str,"issuer":Str,"delivery":Str,"customer":Str,"site":Str,"product":Str,"element":Str,"form":Str,
  "unit":unit,"mass":{"type":"integer","minimum":0},"recycled_mass":{"type":"integer","minimum":0},
  "recycled_share_ppm":{"type":"integer","minimum":0,"maximum":1000000},"period":Str,
  "claims":{"type":"array","items":obj({"account":Str,"?ring_fenced_for":Str,"amount":I,"lots":{"type":"array","items":Str}})},
  "key_id":Str,"ledger_head_seq":{"type":"integer","minimum":1},"ledger_head_hash":{"type":"string","pattern":"^[0-9a-f]{64}$"},
  "issued_at":Str,"chain_of_custody":Str,"?statement":{"type":"object"}})
schemas['Certificate']=obj({"body":ref('CertificateBody'),"algorithm":{"const":"Ed25519"},"signature":{"type":"string","description":"base64 Ed25519 signature over the canonical JSON of body"}},
  desc="A signed recycled-content certificate, as `circula ledger certify` writes it.")
schemas['Verification']=obj({"events":{"type":"integer","minimum":0},"head_hash":{"type":"string","pattern":"^[0-9a-f]{64}$"},
  "first_broken":{"oneOf":[{"type":"null"},obj({"seq":I,"event":Str,"reason":Str})]},
  "state_mismatches":{"type":"array","items":Str},"valid":B},
  desc="The chain re-hashed and every event replayed: valid when no link is broken and the replayed state equals the stored one.")
schemas['CertificateCheck']=obj({"valid":B,"?reason":Str,"?certificate":Str,"?delivery":Str,"?customer":Str,"?recycled_mass":I,"?mass":I,
  "?unit":Str,"?recycled_share_ppm":I,"?period":Str,"?key_id":Str},
  desc="The result of checking a certificate against the published issuer key only.")
schemas['Written']=obj({"events":{"type":"array","items":Str,"minItems":1},"head_seq":{"type":"integer","minimum":1}},
  desc="The events appended (all or nothing) and the new chain head.")
schemas['PlantBalance']=obj({"model":Str,"lots":{"type":"integer","minimum":0},"product_stream":Str,
  "elements":{"type":"array","items":obj({"element":Str,"input_kg":N,"product_kg":N,"?recycled_share_of_product":N})},
  "?recycled_share_cu":N,"?recycled_input_share_cu":N,"warnings":{"type":"array","items":Str}},
  desc="Mass balance per element (kg) through the plant model; shares are fractions 0…1.")
schemas['BalanceRun']=obj({"id":{"type":"string","pattern":"^B-[0-9a-f]{16}$"},"lot_file":Str,"balance":ref('PlantBalance'),
  "sankey":{"type":"string","description":"path of the run's Sankey SVG"}})
schemas['PlanRun']=obj({"id":{"type":"string","pattern":"^P-[0-9a-f]{16}$"},"scenario":Str,"plan":{"type":"object"},
  "sweep":{"type":"string","description":"path of the run's TC sweep"}}, desc="A feed-mix plan of an uploaded scenario.")

def page_of(item):
    return {"type":"object","required":["items","offset","limit","total","more_remain"],"additionalProperties":False,
            "properties":{"items":{"type":"array","items":ref(item)},"offset":{"type":"integer","minimum":0},
                          "limit":{"type":"integer","minimum":1,"maximum":500},"total":{"type":"integer","minimum":0},
                          "more_remain":B,"next_offset":{"type":"integer"}}}
def ok(path, method, schema, code="200"):
    paths[path][method]['responses'][code]['content']['application/json']['schema']=schema
for path,item in [('/api/v1/ledger/accounts','Account'),('/api/v1/ledger/receipts','Receipt'),('/api/v1/ledger/deliveries','Delivery'),
                  ('/api/v1/ledger/allocations','Allocation'),('/api/v1/ledger/ratio','Ratio'),('/api/v1/ledger/certificates','CertificateSummary')]:
    ok(path,'get',page_of(item))
ok('/api/v1/ledger/deliveries/{delivery}','get',ref('Delivery'))
ok('/api/v1/ledger/events','get',ref('EventsPage'))
ok('/api/v1/ledger/balance','get',ref('LedgerBalance'))
ok('/api/v1/ledger/verify','get',ref('Verification'))
ok('/api/v1/ledger/certificates/{certificate}','get',ref('Certificate'))
ok('/api/v1/ledger/certificates','post',ref('Certificate'),'201')
ok('/api/v1/ledger/allocations','post',ref('Written'),'201')
ok('/api/v1/lots','post',ref('Written'),'201')
ok('/api/v1/certificates/verify','post',ref('CertificateCheck'))
ok('/api/v1/balance','get',ref('PlantBalance'))

# Sweeps: why the cap.
for p in ['/api/v1/plan/sweep','/api/v1/plan/sweep.svg']:
    op=paths[p]['get']
    op['description']=("Each point of the sweep is one LP solve of the feed-mix plan, run one at a time because GLPK is not "
        "thread-safe: about 6 ms each (measured with `circula plan solve --sweep`, release build, 2 shared cores: 41 points "
        "0.47-0.52 s against 0.25 s for one point, process start and the base plan included). One request is bounded to at "
        "most 41 points (FROM and TO within -200…300 $/t), a quarter of a second of solver time, so other plant requests "
        "stay answered. Results are cached per tc.")
    for prm in op['parameters']:
        if prm['name']=='tc': prm['description']="FROM:TO:STEP in $/t, at most 41 points, e.g. 80:-20:10 (the default)"

prob=lambda: {"$ref":"#/components/responses/Problem"}
def probs(*codes): return {str(c):prob() for c in codes}
run_param=lambda pat: {"name":"run","in":"path","required":True,"schema":{"type":"string","maxLength":40,"pattern":pat}}
runs_note=(" Runs are kept in this server's memory (the newest 32 of each kind); another server or a restart answers 404, and"
           " posting the same file again gives the same id.")
paths['/api/v1/balance/runs']={"post":{"summary":"Balance an uploaded lot CSV through the bundled plant model",
   "description":"The same use case as `circula balance --lots FILE`: every line checked (errors name line and column, nothing is run), at most 5,000 lots. Nothing is written to the ledger."+runs_note,
   "x-circula-access":"writer","security":[{"bearer":[]}],
   "requestBody":{"required":True,"content":{"text/csv":{"schema":{"type":"string"}}}},
   "responses":{"201":{"description":"Created","content":{"application/json":{"schema":ref('BalanceRun')}}},**probs(400,401,403,413,422)}}}
paths['/api/v1/balance/runs/{run}']={"get":{"summary":"A balance run by id","x-circula-access":"staff","security":[{"bearer":[]}],
   "parameters":[run_param("^B-[0-9a-f]{16}$")],
   "responses":{"200":{"description":"OK","content":{"application/json":{"schema":ref('BalanceRun')}}},**probs(400,401,403,404)}}}
paths['/api/v1/balance/runs/{run}/sankey.svg']={"get":{"summary":"Sankey SVG of a balance run (one element, default Cu; kg)","x-circula-access":"staff","security":[{"bearer":[]}],
   "parameters":[run_param("^B-[0-9a-f]{16}$"),{"name":"element","in":"query","schema":{"type":"string","maxLength":3}}],
   "responses":{"200":{"description":"OK","content":{"image/svg+xml":{"schema":{"type":"string"}}}},**probs(400,401,403,404)}}}
paths['/api/v1/plan/runs']={"post":{"summary":"Plan the feed mix of an uploaded scenario YAML",
   "description":"The same planner as `circula plan solve FILE`, always on the bundled plant model (a scenario naming a model file is refused, field model); a derived scenario may name a bundled base. Errors name line and key; an infeasible plan is 422."+runs_note,
   "x-circula-access":"writer","security":[{"bearer":[]}],
   "requestBody":{"required":True,"content":{"application/yaml":{"schema":{"type":"string"}}}},
   "responses":{"201":{"description":"Created","content":{"application/json":{"schema":ref('PlanRun')}}},**probs(400,401,403,413,422)}}}
paths['/api/v1/plan/runs/{run}']={"get":{"summary":"A plan run by id","x-circula-access":"staff","security":[{"bearer":[]}],
   "parameters":[run_param("^P-[0-9a-f]{16}$")],
   "responses":{"200":{"description":"OK","content":{"application/json":{"schema":ref('PlanRun')}}},**probs(400,401,403,404)}}}
sweep_params=[p for p in paths['/api/v1/plan/sweep']['get']['parameters']]
paths['/api/v1/plan/runs/{run}/sweep']={"get":{"summary":"TC sweep of a plan run","description":paths['/api/v1/plan/sweep']['get']['description'],
   "x-circula-access":"staff","security":[{"bearer":[]}],
   "parameters":[run_param("^P-[0-9a-f]{16}$")]+sweep_params,
   "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"object"}}}},**probs(400,401,403,404,422)}}}

doc = {
  "openapi": "3.1.0",
  "info": {"title": "Circula API", "version": "1.0.0",
           "description": "Elements, the plant balance, the recycled-content ledger, certificates, plans and the outlook. Errors are RFC 9457 problem details naming the field (or line and column of an upload)."},
  "servers": [{"url": "/"}],
  "paths": paths,
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "circ_<id>_<secret> from `circula tokens issue`"}},
    "responses": {"Problem": {"description": "Problem details (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
    "schemas": {"Problem": {"type": "object", "required": ["type", "title", "status", "detail"],
      "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                     "field": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "string"}, "expected": {"type": "string"}, "errors": {"type": "array"}}},
      **schemas}}
}
out = pathlib.Path(__file__).resolve().parents[2] / "Sources/CirculaServer/Resources/openapi.json"
out.write_text(json.dumps(doc, indent=1) + "\n")
print(f"wrote {out} ({len(paths)} paths)")
