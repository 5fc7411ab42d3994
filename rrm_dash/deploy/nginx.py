"""The nginx configuration rendered from deploy/*.template, and how to run Debian's nginx with it."""

from __future__ import annotations

import os
import pwd
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from rrm_dash import PROJECT_DIR

TEMPLATE_DIR = PROJECT_DIR / "deploy"
SITE_TEMPLATE = TEMPLATE_DIR / "nginx-site.conf.template"
MAIN_TEMPLATE = TEMPLATE_DIR / "nginx.conf.template"
#: Where Debian's package installs the binary (often not on a normal user's PATH).
DEBIAN_NGINX = Path("/usr/sbin/nginx")
ROUTE_COOKIE = "rrm_route"
_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


class DeployError(Exception):
    """A deployment problem the user can act on; the message says what to do."""


def find_nginx() -> Path:
    """Debian's nginx binary, or a DeployError saying how to install it."""
    found = shutil.which("nginx")
    if found:
        return Path(found)
    if DEBIAN_NGINX.exists():
        return DEBIAN_NGINX
    raise DeployError(
        "nginx is not installed. Install Debian's package: `sudo apt-get install nginx` "
        "(or `apt-get install nginx` as root)."
    )


def render(template: str, values: Mapping[str, str]) -> str:
    """`template` with every {{name}} replaced by values[name]; every name must be given."""
    wanted = set(_PLACEHOLDER.findall(template))
    missing, unused = wanted - values.keys(), values.keys() - wanted
    if missing or unused:
        raise ValueError(f"template placeholders {sorted(wanted)}, given {sorted(values)}")
    for name, value in values.items():
        if '"' in value:
            raise ValueError(f"{name} must not contain a double quote: {value!r}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def site_config(
    *,
    listen: str,
    upstreams: Sequence[str],
    access_log: str,
    server_name: str = "_",
) -> str:
    """The site file (inside nginx's http block): `upstreams` are host:port of the app processes."""
    if not upstreams:
        raise ValueError("at least one app process is needed behind nginx")
    servers = "\n".join(f"    server {upstream};" for upstream in upstreams)
    return render(
        SITE_TEMPLATE.read_text(encoding="utf-8"),
        {
            "listen": listen,
            "server_name": server_name,
            "upstream_servers": servers,
            "access_log": access_log,
        },
    )


def main_config(folder: Path, site: Path) -> str:
    """A whole nginx.conf running in the foreground with everything it writes under `folder`."""
    # As root nginx would hand its workers to `nobody`, who cannot enter a private folder.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    return render(
        MAIN_TEMPLATE.read_text(encoding="utf-8"),
        {"user_line": user, "folder": str(folder), "site": str(site)},
    )


def write_configs(folder: Path, *, listen: str, upstreams: Sequence[str]) -> tuple[Path, Path]:
    """Write nginx.conf and rrm-dash.conf into `folder`; (main config, access log) paths."""
    folder.mkdir(parents=True, exist_ok=True)
    access_log = folder / "access.log"
    site = folder / "rrm-dash.conf"
    site.write_text(
        site_config(listen=listen, upstreams=upstreams, access_log=str(access_log)),
        encoding="utf-8",
    )
    main = folder / "nginx.conf"
    main.write_text(main_config(folder, site), encoding="utf-8")
    return main, access_log


def nginx_command(binary: Path, folder: Path, config: Path) -> list[str]:
    """The command that runs nginx in the foreground on `config` (no file outside `folder`)."""
    return [str(binary), "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)]
