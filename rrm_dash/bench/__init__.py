"""Benchmarks: a real server, concurrent websocket sessions, and what they measure."""
