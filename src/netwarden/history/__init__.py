"""The history of every run (issue 16, Art. 4): a results store (``store``), what a run records
(``record``, called by the jobs layer's one hook, ``netwarden.jobs.recorded``), since when findings and
drift have stood and when they cleared (``timeline``), and the yearly record per unit (``yearly``)."""
