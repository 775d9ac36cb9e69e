"""Crash-safe file import (movies.file_import): hardlink, copy, move, replace, recycle."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from movies import file_import
from movies.file_import import COPY, HARDLINK, MOVE, FileFacts, ImportFailed, import_file
from tests.movies.factories import make_movie

BLURAY = FileFacts(quality_id=7, release_group="SPARKS", scene_name="Heat.1995.1080p-SPARKS")


@pytest.fixture
def movie(root_folder):
    return make_movie(root_folder, title="Heat", year=1995)


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "downloads" / "Heat.1995.1080p.BluRay-SPARKS"
    folder.mkdir(parents=True)
    path = folder / "heat.1995.1080p.bluray-sparks.mkv"
    path.write_bytes(b"v" * 4096)
    return str(path)


def _leftovers(movie) -> list[str]:
    return sorted(n for n in os.listdir(movie.path) if n.startswith("."))


def test_hardlink_shares_the_sources_inode(movie, source):
    row = import_file(movie, source, HARDLINK, file_name="Heat (1995).mkv", facts=BLURAY)
    target = os.path.join(movie.path, row.relative_path)
    assert os.stat(target).st_ino == os.stat(source).st_ino
    assert row.media_info["import_mode"] == HARDLINK


def test_hardlink_falls_back_to_copy_when_the_file_system_refuses(movie, source, monkeypatch):
    def cross_device(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(file_import.os, "link", cross_device)
    row = import_file(movie, source, HARDLINK, file_name="Heat (1995).mkv", facts=BLURAY)
    target = os.path.join(movie.path, row.relative_path)
    assert os.stat(target).st_ino != os.stat(source).st_ino
    assert row.media_info["import_mode"] == COPY


def test_copy_keeps_the_source_and_records_the_file(movie, source):
    row = import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    assert os.path.isfile(source)
    assert os.path.getsize(os.path.join(movie.path, "Heat (1995).mkv")) == 4096
    assert (row.quality_id, row.release_group, row.original_path) == (7, "SPARKS", source)
    movie.refresh_from_db()
    assert movie.has_file


def test_move_removes_the_source(movie, source):
    import_file(movie, source, MOVE, file_name="Heat (1995).mkv", facts=BLURAY)
    assert not os.path.exists(source)
    assert os.path.isfile(os.path.join(movie.path, "Heat (1995).mkv"))


def test_move_across_file_systems_copies_then_removes_the_source(movie, source, monkeypatch):
    def cross_device(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(file_import.os, "link", cross_device)
    import_file(movie, source, MOVE, file_name="Heat (1995).mkv", facts=BLURAY)
    assert not os.path.exists(source)
    assert os.path.getsize(os.path.join(movie.path, "Heat (1995).mkv")) == 4096


def test_a_move_that_dies_before_the_record_keeps_the_source_and_runs_again(
    movie, source, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(file_import.MovieFile.objects, "create", crash)
        with pytest.raises(RuntimeError):
            import_file(movie, source, MOVE, file_name="Heat (1995).mkv", facts=BLURAY)
    assert os.path.isfile(source)
    import_file(movie, source, MOVE, file_name="Heat (1995).mkv", facts=BLURAY)
    assert not os.path.exists(source)
    assert movie.files.count() == 1
    assert os.listdir(movie.path) == ["Heat (1995).mkv"]


def test_failed_copy_leaves_the_source_and_no_half_file(movie, source, monkeypatch):
    def disk_full(src, dst):
        with open(dst, "wb") as out:
            out.write(b"v" * 100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_import, "_copy_bytes", disk_full)
    with pytest.raises(ImportFailed, match="No space left"):
        import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    assert os.path.getsize(source) == 4096
    assert os.listdir(movie.path) == []
    assert not movie.files.exists()


def test_failed_move_across_file_systems_keeps_the_source(movie, source, monkeypatch):
    def cross_device(src, dst):
        raise OSError(18, "Invalid cross-device link")

    def disk_full(src, dst):
        with open(dst, "wb") as out:
            out.write(b"v" * 100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_import.os, "link", cross_device)
    monkeypatch.setattr(file_import, "_copy_bytes", disk_full)
    with pytest.raises(ImportFailed, match="No space left"):
        import_file(movie, source, MOVE, file_name="Heat (1995).mkv", facts=BLURAY)
    assert os.path.getsize(source) == 4096
    assert os.listdir(movie.path) == []


def test_short_copy_is_refused_and_the_source_kept(movie, source, monkeypatch):
    monkeypatch.setattr(
        file_import.os, "link", lambda s, d: (_ for _ in ()).throw(OSError(18, "x"))
    )
    monkeypatch.setattr(
        file_import,
        "_copy_bytes",
        lambda s, d: open(d, "wb").write(b"short"),  # noqa: SIM115
    )
    with pytest.raises(ImportFailed, match="not 4096"):
        import_file(movie, source, HARDLINK, file_name="Heat (1995).mkv", facts=BLURAY)
    assert os.path.isfile(source)
    assert os.listdir(movie.path) == []


def test_running_the_import_twice_imports_once(movie, source):
    first = import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    second = import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    assert first.pk == second.pk
    assert movie.files.count() == 1
    assert sorted(os.listdir(movie.path)) == ["Heat (1995).mkv"]


def test_a_stale_temporary_file_from_a_crash_is_overwritten(movie, source):
    os.makedirs(movie.path)
    stale = os.path.join(movie.path, ".Heat (1995).mkv.importing")
    with open(stale, "wb") as half:
        half.write(b"half")
    import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    assert _leftovers(movie) == []
    assert os.path.getsize(os.path.join(movie.path, "Heat (1995).mkv")) == 4096


def _old_file(movie, name: str):
    os.makedirs(movie.path, exist_ok=True)
    with open(os.path.join(movie.path, name), "wb") as old:
        old.write(b"o" * 10)
    return movie.files.create(relative_path=name, size=10, quality_id=3)


def test_replaced_file_goes_to_the_recycle_bin(movie, source, tmp_path):
    _old_file(movie, "Heat (1995) WEBDL-1080p.mkv")
    bin_folder = tmp_path / "recycle"
    import_file(
        movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY, recycle_bin=str(bin_folder)
    )
    assert os.listdir(movie.path) == ["Heat (1995).mkv"]
    assert (bin_folder / "Heat" / "Heat (1995) WEBDL-1080p.mkv").read_bytes() == b"o" * 10
    assert list(movie.files.values_list("quality_id", flat=True)) == [7]


def test_replaced_file_of_the_same_name_goes_to_the_recycle_bin(movie, source, tmp_path):
    _old_file(movie, "Heat (1995).mkv")
    bin_folder = tmp_path / "recycle"
    import_file(
        movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY, recycle_bin=str(bin_folder)
    )
    assert os.path.getsize(os.path.join(movie.path, "Heat (1995).mkv")) == 4096
    assert (bin_folder / "Heat" / "Heat (1995).mkv").read_bytes() == b"o" * 10
    assert _leftovers(movie) == []


def test_without_a_recycle_bin_the_replaced_file_is_deleted(movie, source):
    _old_file(movie, "Heat (1995) WEBDL-1080p.mkv")
    import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    assert os.listdir(movie.path) == ["Heat (1995).mkv"]
    assert movie.files.count() == 1


def test_failed_replacement_keeps_the_old_file(movie, source, tmp_path, monkeypatch):
    _old_file(movie, "Heat (1995).mkv")

    def broken(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(file_import, "_copy_bytes", broken)
    with pytest.raises(ImportFailed):
        import_file(
            movie,
            source,
            COPY,
            file_name="Heat (1995).mkv",
            facts=BLURAY,
            recycle_bin=str(tmp_path),
        )
    with open(os.path.join(movie.path, "Heat (1995).mkv"), "rb") as kept:
        assert kept.read() == b"o" * 10
    assert movie.files.get().quality_id == 3


def test_a_file_name_that_climbs_out_of_the_movie_folder_is_refused(movie, source):
    with pytest.raises(ImportFailed, match="outside the root folder"):
        import_file(movie, source, COPY, file_name="../../escape.mkv", facts=BLURAY)


def test_a_movie_folder_outside_its_root_folder_is_refused(movie, source, tmp_path):
    movie.path = str(tmp_path / "elsewhere" / "Heat")
    with pytest.raises(ImportFailed, match="outside the root folder"):
        import_file(movie, source, COPY, file_name="Heat.mkv", facts=BLURAY)
    assert not (tmp_path / "elsewhere").exists()


def test_a_missing_source_is_reported(movie, tmp_path):
    with pytest.raises(ImportFailed, match="not a readable file"):
        import_file(movie, str(tmp_path / "gone.mkv"), COPY, file_name="Heat.mkv", facts=BLURAY)


def test_recycle_bin_keeps_recent_files_and_deletes_old_ones(tmp_path):
    recent = tmp_path / "bin" / "Heat" / "recent.mkv"
    old = tmp_path / "bin" / "Ronin" / "old.mkv"
    for path in (recent, old):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x")
    ten_days_ago = os.path.getmtime(recent) - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    assert file_import.empty_recycle_bin(str(tmp_path / "bin"), days=7) == 1
    assert recent.exists() and not old.exists() and not old.parent.exists()


def test_recycle_bin_days_zero_keeps_everything(tmp_path):
    old = tmp_path / "bin" / "old.mkv"
    old.parent.mkdir()
    old.write_bytes(b"x")
    os.utime(old, (0, 0))
    assert file_import.empty_recycle_bin(str(tmp_path / "bin"), days=0) == 0
    assert old.exists()


# --- crash safety: data on disk before names change, leftovers of a crash tidied ---


def _record_disk_steps(monkeypatch) -> list[tuple[str, str]]:
    """(step, path) for each fsync, rename and unlink the import makes, in order."""
    steps: list[tuple[str, str]] = []
    real_fsync, real_replace, real_unlink = os.fsync, os.replace, os.unlink

    def fsync(fd):
        steps.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst):
        steps.append(("replace", str(src)))
        real_replace(src, dst)

    def unlink(path):
        steps.append(("unlink", str(path)))
        real_unlink(path)

    monkeypatch.setattr(file_import.os, "fsync", fsync)
    monkeypatch.setattr(file_import.os, "replace", replace)
    monkeypatch.setattr(file_import.os, "unlink", unlink)
    return steps


def test_a_copy_is_on_disk_before_it_takes_its_name_and_the_rename_after(
    movie, source, monkeypatch
):
    steps = _record_disk_steps(monkeypatch)
    import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    temporary = os.path.join(movie.path, ".Heat (1995).mkv.importing")
    rename = steps.index(("replace", temporary))
    assert ("fsync", temporary) in steps[:rename]
    assert ("fsync", movie.path) in steps[rename:]


def test_a_moved_source_is_unlinked_only_after_the_library_copy_is_on_disk(
    movie, source, monkeypatch
):
    def cross_device(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(file_import.os, "link", cross_device)
    steps = _record_disk_steps(monkeypatch)
    import_file(movie, source, MOVE, file_name="Heat (1995).mkv", facts=BLURAY)
    unlink = steps.index(("unlink", source))
    target = os.path.join(movie.path, "Heat (1995).mkv")
    assert ("fsync", target) in steps[:unlink] and ("fsync", movie.path) in steps[:unlink]
    assert not os.path.exists(source)


def test_a_recorded_file_set_aside_by_a_crashed_import_is_put_back(movie, tmp_path):
    _old_file(movie, "Heat (1995).mkv")
    os.replace(  # as a crash between setting it aside and placing the new file leaves it
        os.path.join(movie.path, "Heat (1995).mkv"),
        os.path.join(movie.path, ".Heat (1995).mkv.replaced"),
    )
    with pytest.raises(ImportFailed):
        import_file(movie, str(tmp_path / "gone.mkv"), COPY, file_name="X.mkv", facts=BLURAY)
    assert os.listdir(movie.path) == ["Heat (1995).mkv"]
    with open(os.path.join(movie.path, "Heat (1995).mkv"), "rb") as kept:
        assert kept.read() == b"o" * 10


def test_an_unrecorded_file_set_aside_by_a_crash_goes_to_the_recycle_bin(movie, source, tmp_path):
    os.makedirs(movie.path)
    with open(os.path.join(movie.path, ".Heat (1995) DVD.mkv.replaced"), "wb") as left:
        left.write(b"d" * 5)
    bin_folder = tmp_path / "recycle"
    import_file(
        movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY, recycle_bin=str(bin_folder)
    )
    assert os.listdir(movie.path) == ["Heat (1995).mkv"]
    assert (bin_folder / "Heat" / "Heat (1995) DVD.mkv").read_bytes() == b"d" * 5


def test_a_half_made_copy_of_another_name_left_by_a_crash_is_deleted(movie, source):
    os.makedirs(movie.path)
    with open(os.path.join(movie.path, ".Heat (1995) Old.mkv.importing"), "wb") as half:
        half.write(b"h")
    import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    assert _leftovers(movie) == []


# --- one import of a movie at a time ---


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_one_movie_at_once_leave_one_file_and_its_row(
    seeded_qualities, movie, source, tmp_path, monkeypatch
):
    other = tmp_path / "downloads" / "heat.other.mkv"
    other.write_bytes(b"w" * 2048)
    real_copy = file_import._copy_bytes
    racing: list[threading.Thread] = []

    def second_import():
        try:
            import_file(movie, str(other), COPY, file_name="Heat (1995) B.mkv", facts=BLURAY)
        finally:
            connection.close()

    def copy_while_another_import_runs(src, dst):
        if not racing:  # the first import's copy: the second import starts meanwhile
            racing.append(threading.Thread(target=second_import))
            racing[0].start()
            racing[0].join(timeout=1.5)  # it finishes here when nothing holds it back
        real_copy(src, dst)

    monkeypatch.setattr(file_import, "_copy_bytes", copy_while_another_import_runs)
    import_file(movie, source, COPY, file_name="Heat (1995) A.mkv", facts=BLURAY)
    racing[0].join(timeout=20)
    on_disk = sorted(n for n in os.listdir(movie.path) if not n.startswith("."))
    assert on_disk == sorted(movie.files.values_list("relative_path", flat=True))
    assert len(on_disk) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_that_waits_too_long_for_another_of_the_same_movie_says_so(
    seeded_qualities, movie, source, monkeypatch
):
    monkeypatch.setattr(file_import, "LOCK_WAIT_SECONDS", 0.2)
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with file_import.movie_lock(movie.pk):
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(ImportFailed, match="Another import of this movie"):
            import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY)
    finally:
        release.set()
        holder.join(10)
    assert not movie.files.exists()


# --- names ---


def test_an_original_name_lengthened_by_colon_replacement_is_cut_to_255_bytes(movie, tmp_path):
    from movies.models import MediaManagement
    from movies.services import import_movie_file, parse_path

    MediaManagement.objects.update_or_create(pk=1, defaults={"rename_movies": False})
    source = tmp_path / ("Heat: " * 41 + "x.mkv")  # 251 bytes, colons become ' - '
    source.write_bytes(b"v" * 64)
    row = import_movie_file(movie, str(source), mode=COPY, parsed=parse_path(str(source)))
    assert len(row.relative_path.encode()) <= 255 and row.relative_path.endswith(".mkv")
    assert os.path.isfile(os.path.join(movie.path, row.relative_path))


def test_the_check_runs_under_the_movie_lock_and_its_refusal_imports_nothing(
    movie, source, monkeypatch
):
    monkeypatch.setattr(file_import, "LOCK_WAIT_SECONDS", 0.1)
    seen = {}

    def check():
        def try_lock():
            try:
                with file_import.movie_lock(movie.pk):
                    seen["free"] = True
            except ImportFailed:
                seen["free"] = False

        probe = threading.Thread(target=try_lock)
        probe.start()
        probe.join(5)
        raise ImportFailed("Not an upgrade: test")

    with pytest.raises(ImportFailed, match="Not an upgrade"):
        import_file(movie, source, COPY, file_name="Heat (1995).mkv", facts=BLURAY, check=check)
    assert seen == {"free": False}
    assert not movie.files.exists() and not os.path.exists(
        os.path.join(movie.path, "Heat (1995).mkv")
    )
