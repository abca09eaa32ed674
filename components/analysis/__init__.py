"""What an analyst asks of a dataset: quotes checked against the source, the source article
annotated with its codings, data health, the difference between two versions, coder
agreement. Imports only the dataset layer.
"""
