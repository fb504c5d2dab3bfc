"""A small peer of Atelier's authenticated project list, on the stack comparable servers are
built with: FastAPI on uvicorn (uvloop, httptools), PyJWT verifying ES256 access tokens with `iss`
and `aud`, SQLite. GET /api/v1/projects?limit=&offset= answers the same page as Atelier's,
{items, total, limit, offset}, of the projects of the token's workspace, newest first.

  python3 app.py setup DIR      # a key pair, a token and 25 projects in DIR
  python3 app.py serve DIR PORT # uvicorn, 2 workers

Only Debian's packages: python3-fastapi python3-uvicorn python3-uvloop python3-httptools
python3-jwt (with python3-cryptography).
"""
import os
import sqlite3
import sys
import time
import uuid

import jwt
from fastapi import Depends, FastAPI, Header, HTTPException, Query

ISSUER = "atelier"
AUDIENCE = "atelier-api"
DIR = os.environ.get("PEER_DIR", ".")

app = FastAPI()
_public_key = None
_db = None


def public_key():
    global _public_key
    if _public_key is None:
        with open(os.path.join(DIR, "public.pem"), "rb") as f:
            _public_key = f.read()
    return _public_key


def db():
    global _db
    if _db is None:
        _db = sqlite3.connect(os.path.join(DIR, "peer.db"), check_same_thread=False)
        _db.row_factory = sqlite3.Row
    return _db


def claims(authorization: str = Header(default="")):
    if not authorization.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing token")
    try:
        return jwt.decode(
            authorization[7:],
            public_key(),
            algorithms=["ES256"],
            issuer=ISSUER,
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError as e:
        raise HTTPException(status_code=401, detail=str(e))


@app.get("/api/v1/projects")
def projects(
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    token: dict = Depends(claims),
):
    tenant = token["tenant_id"]
    c = db()
    total = c.execute("SELECT COUNT(*) FROM projects WHERE tenant_id = ?", (tenant,)).fetchone()[0]
    rows = c.execute(
        "SELECT id, name, slug, description, created_by, created_at, updated_at FROM projects"
        " WHERE tenant_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
        (tenant, limit, offset),
    ).fetchall()
    return {"items": [dict(r) for r in rows], "total": total, "limit": limit, "offset": offset}


def setup(directory):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    os.makedirs(directory, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    with open(os.path.join(directory, "public.pem"), "wb") as f:
        f.write(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    tenant, user = str(uuid.uuid4()), str(uuid.uuid4())
    now = int(time.time())
    token = jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": user, "tenant_id": tenant, "iat": now,
         "exp": now + 3600, "groups": ["admin"]},
        key,
        algorithm="ES256",
        headers={"kid": "peer"},
    )
    with open(os.path.join(directory, "token"), "w") as f:
        f.write(token)
    c = sqlite3.connect(os.path.join(directory, "peer.db"))
    c.execute(
        "CREATE TABLE projects (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL,"
        " slug TEXT NOT NULL, description TEXT, created_by TEXT, created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)"
    )
    c.execute("CREATE INDEX ix_projects_tenant ON projects (tenant_id, created_at)")
    for i in range(1, 26):
        at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now + i)) + ".000Z"
        c.execute(
            "INSERT INTO projects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), tenant, f"Project {i}", f"project-{i}", "bench", user, at, at),
        )
    c.commit()


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    elif sys.argv[1] == "serve":
        import uvicorn

        os.environ["PEER_DIR"] = sys.argv[2]
        os.chdir(os.path.dirname(os.path.abspath(__file__)))
        uvicorn.run(
            "app:app",
            host="127.0.0.1",
            port=int(sys.argv[3]),
            workers=2,
            loop="uvloop",
            http="httptools",
            log_level="warning",
            access_log=False,
        )
