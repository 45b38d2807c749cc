"""Lawyer reasoning: a lawyer's credit record assembled from the register, sanctions and cases."""
