{ python3 }:
python3.withPackages (
  ps:
  [ ps.fastapi ps.sqlalchemy ps.ferry-common ps.stripe ]
  ++ ps.sqlalchemy.optional-dependencies.asyncio
)
