"""Council proposals (Vorlagen): see issue-driven models added here."""
