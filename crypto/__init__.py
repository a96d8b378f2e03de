"""fieldapp's cryptography: age v1, SSH signatures (SSHSIG) and key wrapping, on pyca/cryptography.

This package imports nothing of ``fieldapp`` or ``ui``; it is a library of standards.
"""
