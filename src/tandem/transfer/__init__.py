"""Bringing plans in from other tools and taking them out: MS Project (MSPDI XML and .mpp),
Primavera (XER, P6 XML), CSV and Excel, and iCalendar."""
