"""Regenerate the shipped background-music tracks with the standard library only.

    python themes/music/make_tracks.py

Every track is synthesised here from plain sine/triangle tones, so the files are ours to give
away: CC0 1.0 (public domain dedication). Small on purpose — 11,025 Hz, 8-bit mono, a short loop.
"""

from __future__ import annotations

import math
import wave
from pathlib import Path

RATE = 11_025
HERE = Path(__file__).parent
NOTE = {n: 440.0 * 2 ** ((i - 9) / 12) for i, n in enumerate("C C# D D# E F F# G G# A A# B".split())}


def freq(name: str) -> float:
    """`E5` → Hz; `-` is a rest."""
    if name == "-":
        return 0.0
    pitch, octave = name[:-1], int(name[-1])
    return NOTE[pitch] * 2 ** (octave - 4)


def tone(hz: float, seconds: float, shape: str = "sine", volume: float = 0.5) -> list[float]:
    n = int(RATE * seconds)
    out = []
    for i in range(n):
        t = i / RATE
        env = min(1.0, i / (RATE * 0.01)) * math.exp(-3.0 * t / seconds)  # soft pluck
        phase = (hz * t) % 1.0
        if shape == "triangle":
            v = 4 * abs(phase - 0.5) - 1
        else:
            v = math.sin(2 * math.pi * phase)
        out.append(v * env * volume if hz else 0.0)
    return out


def melody(notes: str, beat: float, shape: str, bass: str = "", bass_beats: int = 4) -> list[float]:
    lead: list[float] = []
    for n in notes.split():
        lead += tone(freq(n), beat, shape, 0.45)
    if bass:
        low: list[float] = []
        for n in bass.split():
            low += tone(freq(n), beat * bass_beats, "sine", 0.3)
        low = (low * (len(lead) // max(1, len(low)) + 1))[: len(lead)]
        lead = [a + b for a, b in zip(lead, low)]
    return lead


def write(name: str, samples: list[float]) -> None:
    with wave.open(str(HERE / name), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(RATE)
        w.writeframes(bytes(max(0, min(255, int(128 + 120 * s))) for s in samples))


TRACKS = {
    "lullaby.wav": melody("E5 D5 C5 D5 E5 E5 E5 - D5 D5 D5 - E5 G5 G5 - E5 D5 C5 D5 E5 E5 E5 C5 D5 D5 E5 D5 C5 - - -",
                          0.32, "sine", "C3 G2 A2 F2", 4),
    "arcade_sunrise.wav": melody("C5 E5 G5 C6 B4 D5 G5 B5 A4 C5 E5 A5 F4 A4 C5 F5 " * 2, 0.16, "triangle",
                                 "C3 G2 A2 F2", 4),
    "rainy_window.wav": melody("A4 - C5 E5 - D5 C5 - G4 - B4 D5 - C5 B4 - F4 - A4 C5 - B4 A4 - E4 - G4 B4 - A4 - -",
                               0.28, "sine", "A2 G2 F2 E2", 8),
}

if __name__ == "__main__":
    for file, samples in TRACKS.items():
        write(file, samples)
        print(f"{file}: {len(samples) / RATE:.1f}s")
