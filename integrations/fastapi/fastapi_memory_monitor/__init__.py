"""Memory-leak metrics and debug endpoints for a FastAPI service.

`setup_memory_monitoring(app)` exports what memgen's fastapi preset reads (see README.md) on a separate
metrics port, and mounts two debug endpoints for finding what grows.
"""

from .monitor import MonitorSettings, setup_memory_monitoring

__all__ = ["MonitorSettings", "setup_memory_monitoring"]
