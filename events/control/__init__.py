"""Territorial control in plain Python (no Django): the rules that say who holds a place on a date
(`rules`) and the estimated areas drawn from them (`areas`)."""
