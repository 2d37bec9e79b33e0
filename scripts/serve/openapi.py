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
      [customer, {"name": "period", "in": "query", "schema": {"type": "string", "maxLength": 20}}])},
  "/api/v1/statement.csv": {"get": op("The statement as CSV", "signed-in", {"type": "string"},
      [customer, {"name": "period", "in": "query", "schema": {"type": "string", "maxLength": 20}}], content="text/csv")},
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
                     "field": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "string"}, "expected": {"type": "string"}, "errors": {"type": "array"}}}}}
}
out = pathlib.Path(__file__).resolve().parents[2] / "Sources/CirculaServer/Resources/openapi.json"
out.write_text(json.dumps(doc, indent=1) + "\n")
print(f"wrote {out} ({len(paths)} paths)")
