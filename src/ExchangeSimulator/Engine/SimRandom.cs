using System;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The seeded subtractive generator of System.Random(int seed) (Knuth's algorithm, as in .NET Framework and the
    /// seeded compatibility implementation of .NET Core), re-implemented so that its state can be saved and restored
    /// (persistent state, Connect-ExchangeSimulator -StatePath). For a given seed it returns exactly the numbers
    /// System.Random returns, so runs are identical to the earlier System.Random-based engine.
    /// </summary>
    public sealed class SimRandom
    {
        private const int MBig = int.MaxValue;
        private const int MSeed = 161803398;
        private int[] _seedArray = new int[56];
        private int _inext;
        private int _inextp;

        public SimRandom(int seed)
        {
            int subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
            int mj = MSeed - subtraction;
            _seedArray[55] = mj;
            int mk = 1;
            for (int i = 1; i < 55; i++)
            {
                int ii = 21 * i % 55;
                _seedArray[ii] = mk;
                mk = mj - mk;
                if (mk < 0) mk += MBig;
                mj = _seedArray[ii];
            }
            for (int k = 1; k < 5; k++)
            {
                for (int i = 1; i < 56; i++)
                {
                    _seedArray[i] -= _seedArray[1 + (i + 30) % 55];
                    if (_seedArray[i] < 0) _seedArray[i] += MBig;
                }
            }
            _inext = 0;
            _inextp = 21;
        }

        private SimRandom() { }

        /// <summary>The whole generator state: 56 seed-array cells, then inext and inextp.</summary>
        public int[] GetState()
        {
            var s = new int[58];
            Array.Copy(_seedArray, s, 56);
            s[56] = _inext;
            s[57] = _inextp;
            return s;
        }

        public static SimRandom FromState(int[] state)
        {
            if (state == null || state.Length != 58) throw new FormatException("A random generator state has 58 numbers.");
            var r = new SimRandom();
            Array.Copy(state, r._seedArray, 56);
            r._inext = state[56];
            r._inextp = state[57];
            if (r._inext < 0 || r._inext > 55 || r._inextp < 1 || r._inextp > 55) throw new FormatException("Invalid random generator state.");
            return r;
        }

        /// <summary>Numbers drawn by this instance (not part of the saved state: only compared within a process).</summary>
        public long Draws { get; private set; }

        private int InternalSample()
        {
            Draws++;
            int locINext = _inext, locINextp = _inextp;
            if (++locINext >= 56) locINext = 1;
            if (++locINextp >= 56) locINextp = 1;
            int retVal = _seedArray[locINext] - _seedArray[locINextp];
            if (retVal == MBig) retVal--;
            if (retVal < 0) retVal += MBig;
            _seedArray[locINext] = retVal;
            _inext = locINext;
            _inextp = locINextp;
            return retVal;
        }

        private double Sample() => InternalSample() * (1.0 / MBig);

        public int Next() => InternalSample();

        public int Next(int maxValue)
        {
            if (maxValue < 0) throw new ArgumentOutOfRangeException(nameof(maxValue));
            return (int)(Sample() * maxValue);
        }

        public int Next(int minValue, int maxValue)
        {
            if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue));
            long range = (long)maxValue - minValue;
            if (range <= int.MaxValue) return (int)(Sample() * range) + minValue;
            // System.Random's large-range sample.
            int result = InternalSample();
            bool negative = InternalSample() % 2 == 0;
            if (negative) result = -result;
            double d = result;
            d += int.MaxValue - 1;
            d /= 2.0 * int.MaxValue - 1;
            return (int)((long)(d * range) + minValue);
        }

        public double NextDouble() => Sample();

        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)InternalSample();
        }
    }
}
