{ python3 }: python3.withPackages (ps: [ ps.crcmod ps.pyserial ])
