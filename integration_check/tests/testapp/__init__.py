"""A minimal app opting in to the assessment, installed by the test settings only."""
