"""Generated files: the database store by default, an S3-compatible store when configured
(exercised against an in-memory stand-in for boto3's client: no network in tests)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from scic.core import clock, files
from scic.core.db import db
from tests.fixtures.files import pending_document


class FakeS3:
    """The three calls of boto3's S3 client that S3Store makes."""

    def __init__(self):
        self.objects = {}

    def put_object(self, *, Bucket, Key, Body, ContentType):  # noqa: N803 - boto3's names
        self.objects[(Bucket, Key)] = (Body, ContentType)

    def get_object(self, *, Bucket, Key):  # noqa: N803
        import io

        return {"Body": io.BytesIO(self.objects[(Bucket, Key)][0])}

    def delete_object(self, *, Bucket, Key):  # noqa: N803
        del self.objects[(Bucket, Key)]


def test_the_database_store_keeps_the_content_in_the_row(app, make_cooperative):
    record = pending_document(make_cooperative(), now=clock.now())
    files.finish(record, b"a;b\r\n", now=clock.now())
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(select(files.GeneratedFile))
    assert (stored.state, stored.storage, stored.size) == ("done", "database", 5)
    assert files.read(stored) == b"a;b\r\n"


def test_the_s3_store_writes_reads_and_purges_objects(app, make_cooperative):
    client = FakeS3()
    app.extensions["s3_client"] = client
    app.config.update(FILES_STORAGE="s3", FILES_S3_BUCKET="scic-files", FILES_S3_PREFIX="exports/")
    now = clock.now()
    record = pending_document(make_cooperative(), now=now - timedelta(days=31))
    files.finish(record, b"PDF bytes", now=now)
    db.session.commit()

    key = ("scic-files", f"exports/{record.token}")
    assert client.objects[key] == (b"PDF bytes", "text/csv")
    assert record.content is None  # not in the database
    assert files.read(record) == b"PDF bytes"
    app.config["FILES_STORAGE"] = "database"  # a later change of store still reads it from S3
    assert files.read(record) == b"PDF bytes"

    assert files.purge_expired(now) == 1
    db.session.commit()
    assert client.objects == {}


def test_the_s3_store_needs_a_bucket(app):
    app.extensions["s3_client"] = FakeS3()
    app.config.update(FILES_STORAGE="s3", FILES_S3_BUCKET="")
    with pytest.raises(RuntimeError, match="FILES_S3_BUCKET"):
        files.configured_store()


def test_an_unknown_store_is_refused(app):
    app.config["FILES_STORAGE"] = "ftp"
    with pytest.raises(RuntimeError, match="FILES_STORAGE"):
        files.configured_store()


def test_find_refuses_malformed_tokens_and_other_cooperatives(app, make_cooperative):
    mine, theirs = make_cooperative(), make_cooperative()
    record = pending_document(mine, now=clock.now())
    db.session.commit()
    assert files.find(record.token, cooperative_id=mine.id) is not None
    assert files.find(record.token, cooperative_id=theirs.id) is None
    assert files.find("../" + record.token[3:], cooperative_id=mine.id) is None
